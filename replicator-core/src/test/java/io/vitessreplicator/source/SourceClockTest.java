package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceClockTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SourceClock clock = new SourceClock(5_000, now::get);

    private void advance(long millis) {
        now.addAndGet(millis);
    }

    @Test
    void aCommitIsReachedAtItsSourceTimeMovedOntoThisHostsClock() {
        clock.shard("ks/-80");
        // The source's clock is 10 s ahead of ours; the commit happened 3 s before vttablet read it.
        long sourceNowMillis = now.get() + 10_000;
        clock.binlogEvent("ks/-80", (sourceNowMillis - 3_000) / 1000, sourceNowMillis * 1_000_000);
        assertThat(clock.snapshot().get("ks/-80")).isEqualTo(now.get() - 3_000);
    }

    @Test
    void aHeartbeatCatchesUpEveryShardButNotPastTheirReadersDelay() {
        clock.shard("ks/-80");
        clock.shard("ks/80-");
        // -80's last event was read 60 s after its commit: its binlog reader is behind.
        clock.binlogEvent("ks/-80", (now.get() - 60_000) / 1000, now.get() * 1_000_000);
        clock.binlogEvent("ks/80-", now.get() / 1000, now.get() * 1_000_000);
        advance(200); // within the reuse window: the heartbeat must not hand out the old snapshot
        clock.snapshot();
        clock.heartbeat();
        assertThat(clock.snapshot().get("ks/80-")).isEqualTo(now.get());
        assertThat(clock.snapshot().get("ks/-80")).isEqualTo(now.get() - 59_000); // delay beyond the 1 s truncation
    }

    @Test
    void aShardSilentWhileTheStreamGoesOnCountsAsIdleOnlyAfterTheIdleTime() {
        clock.shard("busy/0");
        clock.shard("idle/0");
        clock.binlogEvent("busy/0", now.get() / 1000, now.get() * 1_000_000);
        assertThat(clock.snapshot()).as("idle/0 said nothing yet, and the stream is young").doesNotContainKey("idle/0");
        for (int i = 0; i < 6; i++) {
            advance(1_000);
            clock.binlogEvent("busy/0", now.get() / 1000, now.get() * 1_000_000);
        }
        assertThat(clock.snapshot().get("idle/0")).isEqualTo(now.get());
    }

    @Test
    void aShardThatLeftTheStreamIsForgotten() {
        clock.shard("ks/-80");
        clock.binlogEvent("ks/-80", now.get() / 1000, now.get() * 1_000_000);
        clock.retain(List.of("ks/-40", "ks/40-80"));
        assertThat(clock.snapshot()).doesNotContainKey("ks/-80");
    }

    @Test
    void reachedTimesNeverGoBack() {
        clock.binlogEvent("ks/0", now.get() / 1000, now.get() * 1_000_000);
        long first = clock.snapshot().get("ks/0");
        advance(1_000);
        clock.binlogEvent("ks/0", (now.get() - 30_000) / 1000, now.get() * 1_000_000); // an older commit
        assertThat(clock.snapshot().get("ks/0")).isEqualTo(first);
    }

    @Test
    void transactionsBehindCountsWhatThePositionHasNotSeen() {
        String uuid = "f9e71f9f-eee0-11f1-9cc1-02fc00000001";
        assertThat(SourceStatistics.transactionsBehind(uuid + ":1-120", "MySQL56/" + uuid + ":1-100")).isEqualTo(20);
        assertThat(SourceStatistics.transactionsBehind(uuid + ":1-100", "MySQL56/" + uuid + ":1-100")).isZero();
        assertThat(SourceStatistics.transactionsBehind("not a gtid set", "MySQL56/" + uuid + ":1-100")).isEqualTo(-1);
    }
}
