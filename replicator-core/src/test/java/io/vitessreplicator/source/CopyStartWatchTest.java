package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import binlogdata.Binlogdata.VGtid;
import io.vitess.proto.Query;
import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.pipeline.SourceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A shard asked to copy at a position that streams on without copying (vttablet's schema cache
 * did not list the table) is noticed, and the stream restarts to ask again; shards that copy, or
 * are still catching up with the binlog, are left alone.
 */
class CopyStartWatchTest {
    private static final long EPOCH = 1_800_000_000L;

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong(EPOCH);
    private final AtomicLong missedMetric = new AtomicLong();
    private final CopyStartWatch watch = new CopyStartWatch(nanos::get, epoch::get, missedMetric::incrementAndGet);
    private final List<SourceEvent> out = new ArrayList<>();

    private static ShardGtid shard(String shard, String gtid, TableLastPK... pks) {
        return ShardGtid.newBuilder().setKeyspace("ks").setShard(shard).setGtid(gtid).addAllTablePKs(List.of(pks)).build();
    }

    private static TableLastPK asked(String table) {
        return TableLastPK.newBuilder().setTableName(table).build();
    }

    private static TableLastPK copiedUpTo(String table, long id) {
        return TableLastPK.newBuilder().setTableName(table).setLastpk(Query.QueryResult.newBuilder()
                .addFields(Query.Field.newBuilder().setName("id").setType(Query.Type.INT64))
                .addRows(Query.Row.newBuilder().addLengths(String.valueOf(id).length())
                        .setValues(com.google.protobuf.ByteString.copyFromUtf8(String.valueOf(id))))).build();
    }

    /** The position a restart for a new table asks for: both shards copy "added" from the start. */
    private static final VGtid ASKED = VGtid.newBuilder()
            .addShardGtids(shard("-80", "MySQL56/a:1-10", asked("added")))
            .addShardGtids(shard("80-", "MySQL56/b:1-10", asked("added"))).build();

    private EventTranslator translator(VGtid start) {
        return new EventTranslator((id, fe) -> Optional.empty(), SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null),
                t -> true, Position.of(start), Map.of("ks", "other"), watch);
    }

    /** A committed transaction of a shard, written {@code ageSeconds} ago, with vtgate's VGTID. */
    private void transaction(EventTranslator t, String shard, long ageSeconds, VGtid vgtid) {
        long ts = epoch.get() - ageSeconds;
        t.translate(VEvent.newBuilder().setType(VEventType.BEGIN).setKeyspace("ks").setShard(shard).setTimestamp(ts).build(), out::add);
        t.translate(VEvent.newBuilder().setType(VEventType.VGTID).setKeyspace("ks").setShard(shard).setVgtid(vgtid).build(), out::add);
        t.translate(VEvent.newBuilder().setType(VEventType.COMMIT).setKeyspace("ks").setShard(shard).setTimestamp(ts).build(), out::add);
    }

    private void heartbeat(EventTranslator t) {
        t.translate(VEvent.newBuilder().setType(VEventType.HEARTBEAT).setTimestamp(epoch.get()).build(), out::add);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        epoch.addAndGet(d.toSeconds());
    }

    private List<SourceEvent.AddTables> restarts() {
        return out.stream().filter(SourceEvent.AddTables.class::isInstance).map(SourceEvent.AddTables.class::cast).toList();
    }

    @Test
    void aShardThatStreamsWithoutCopyingIsAskedAgainWithALongerWaitEachTime() {
        EventTranslator t = translator(ASKED);
        // -80 starts its copy (vtgate's VGTID shows its lastpk); 80- streams on, its lastpk never set.
        VGtid copying = ASKED.toBuilder().setShardGtids(0, shard("-80", "MySQL56/a:1-10", copiedUpTo("added", 500))).build();
        transaction(t, "-80", 0, copying);
        advance(Duration.ofSeconds(29));
        transaction(t, "80-", 0, copying.toBuilder().setShardGtids(1, shard("80-", "MySQL56/b:1-11", asked("added"))).build());
        heartbeat(t);
        assertThat(restarts()).isEmpty();

        advance(Duration.ofSeconds(1));
        heartbeat(t);
        assertThat(restarts()).singleElement().extracting(SourceEvent.AddTables::tables)
                .isEqualTo(List.of(new TableId("ks", "added")));
        assertThat(watch.timeout()).isEqualTo(Duration.ofSeconds(60));

        // The next stream: the same shard skips again, noticed after the longer wait only.
        out.clear();
        EventTranslator again = translator(ASKED);
        advance(Duration.ofSeconds(59));
        heartbeat(again);
        assertThat(restarts()).isEmpty();
        advance(Duration.ofSeconds(1));
        heartbeat(again);
        assertThat(restarts()).hasSize(1);
        heartbeat(again);
        assertThat(restarts()).as("asked once per stream").hasSize(1);
        assertThat(missedMetric).hasValue(2);
    }

    @Test
    void shardsThatStartOrCompleteTheirCopyAreNotAskedAgain() {
        EventTranslator t = translator(ASKED);
        transaction(t, "-80", 0, ASKED.toBuilder().setShardGtids(0, shard("-80", "MySQL56/a:1-10", copiedUpTo("added", 9))).build());
        t.translate(VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).setKeyspace("ks").setShard("80-").build(), out::add);
        advance(Duration.ofMinutes(20));
        heartbeat(t);
        assertThat(restarts()).isEmpty();
    }

    @Test
    void aShardStillCatchingUpWithTheBinlogIsGivenTheWaitFromItsLastOldEvent() {
        EventTranslator t = translator(ASKED);
        VGtid both = ASKED.toBuilder().setShardGtids(0, shard("-80", "MySQL56/a:1-10", copiedUpTo("added", 9))).build();
        transaction(t, "-80", 0, both);
        for (int i = 0; i < 10; i++) { // vttablet catches up before it copies: the events are minutes old
            advance(Duration.ofSeconds(20));
            transaction(t, "80-", 300, both);
        }
        assertThat(restarts()).isEmpty();
        advance(Duration.ofSeconds(30));
        transaction(t, "80-", 0, both); // caught up, and still no copy
        heartbeat(t);
        assertThat(restarts()).hasSize(1);
    }

    @Test
    void aCompletedCopyResetsTheWaitAndAFreshCopyIsNotWatched() {
        translator(ASKED);
        advance(Duration.ofSeconds(30));
        EventTranslator t = translator(ASKED);
        heartbeat(t); // the first translator never saw an event: only this one asks
        advance(Duration.ofSeconds(30));
        heartbeat(t);
        assertThat(watch.timeout()).isEqualTo(Duration.ofSeconds(60));
        t.translate(VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).build(), out::add);
        assertThat(watch.timeout()).isEqualTo(Duration.ofSeconds(30));

        out.clear();
        EventTranslator fresh = translator(VGtid.newBuilder().addShardGtids(shard("-80", "", asked("added"))).build());
        advance(Duration.ofHours(1));
        heartbeat(fresh);
        assertThat(restarts()).as("a copy without a position has no catch-up phase to skip into").isEmpty();
    }

    @Test
    void theWaitDoublesUpToTenMinutes() {
        for (int i = 0; i < 12; i++) {
            watch.missed();
        }
        assertThat(watch.timeout()).isEqualTo(Duration.ofMinutes(10));
    }
}
