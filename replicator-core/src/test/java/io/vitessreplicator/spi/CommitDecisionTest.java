package io.vitessreplicator.spi;

import static io.vitessreplicator.spi.CommitDecision.Outcome.ALREADY_COMMITTED;
import static io.vitessreplicator.spi.CommitDecision.Outcome.APPLY;
import static io.vitessreplicator.spi.CommitDecision.Outcome.GAP;
import static io.vitessreplicator.spi.CommitDecision.Outcome.NOT_OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.model.Position;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitDecisionTest {
    private static final String ME = "host-1:42:abc";
    private static final Optional<Position> NONE = Optional.empty();

    private static Position at(int n) {
        return Position.of(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace("ks").setShard("0")
                .setGtid("MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-" + n)).build());
    }

    private static Position copying(int n) {
        return Position.of(at(n).vgtid().toBuilder().setShardGtids(0, at(n).vgtid().getShardGtids(0).toBuilder()
                .addTablePKs(TableLastPK.newBuilder().setTableName("t"))).build());
    }

    @Test
    void aFreshPipelinesFirstBatchIsApplied() {
        assertThat(CommitDecision.decide(NONE, ME, NONE, at(1), ME)).isEqualTo(APPLY);
    }

    @Test
    void aBatchThatStartsAtTheStoredPositionIsApplied() {
        assertThat(CommitDecision.decide(Optional.of(at(1)), ME, Optional.of(at(1)), at(2), ME)).isEqualTo(APPLY);
    }

    @Test
    void aBatchThatEndsWhereItStartedIsAppliedBecauseCopyPositionsRepeat() {
        Position p = copying(3);
        assertThat(CommitDecision.decide(Optional.of(p), ME, Optional.of(p), p, ME)).isEqualTo(APPLY);
    }

    @Test
    void aBatchThatEndsAtTheStoredPositionButStartedBeforeIsAReplay() {
        assertThat(CommitDecision.decide(Optional.of(at(2)), ME, Optional.of(at(1)), at(2), ME))
                .isEqualTo(ALREADY_COMMITTED);
        assertThat(CommitDecision.decide(Optional.of(at(1)), ME, NONE, at(1), ME)).isEqualTo(ALREADY_COMMITTED);
    }

    @Test
    void aBatchThatNeitherStartsNorEndsAtTheStoredPositionIsAGap() {
        assertThat(CommitDecision.decide(Optional.of(at(2)), ME, Optional.of(at(1)), at(3), ME)).isEqualTo(GAP);
        assertThat(CommitDecision.decide(Optional.of(at(2)), ME, NONE, at(3), ME)).isEqualTo(GAP);
        assertThat(CommitDecision.decide(NONE, ME, Optional.of(at(1)), at(2), ME)).isEqualTo(GAP);
        // An older batch arriving late would move the checkpoint back: refused.
        assertThat(CommitDecision.decide(Optional.of(at(5)), ME, Optional.of(at(1)), at(2), ME)).isEqualTo(GAP);
    }

    @Test
    void anInstanceWhoseClaimWasTakenOverIsRefusedEvenForAReplay() {
        assertThat(CommitDecision.decide(Optional.of(at(1)), "other", Optional.of(at(1)), at(2), ME)).isEqualTo(NOT_OWNER);
        assertThat(CommitDecision.decide(Optional.of(at(2)), "other", Optional.of(at(1)), at(2), ME)).isEqualTo(NOT_OWNER);
    }

    @Test
    void requireThrowsTheSameMessagesForEverySink() {
        Instant claimed = Instant.parse("2026-12-02T10:00:00Z");
        assertThatThrownBy(() -> CommitDecision.require("p", Optional.of(at(1)), "other", claimed,
                Optional.of(at(1)), at(2), ME))
                .isInstanceOf(FatalSinkException.class)
                .hasMessage("Cannot commit a batch of pipeline p: instance other took the pipeline over at"
                        + " 2026-12-02T10:00:00Z and this instance (host-1:42:abc) no longer owns it. Stop this"
                        + " instance; the other one continues.");
        assertThatThrownBy(() -> CommitDecision.require("p", Optional.of(at(2)), ME, claimed, NONE, at(3), ME))
                .isInstanceOf(FatalSinkException.class)
                .hasMessage("Cannot commit a batch of pipeline p: it starts at (none: a fresh pipeline) but the"
                        + " stored checkpoint is " + at(2).toJson() + ", so applying it would skip or repeat changes."
                        + " Restart the pipeline so it resumes from the stored checkpoint.");
        assertThat(CommitDecision.require("p", NONE, ME, null, NONE, at(1), ME)).isEqualTo(APPLY);
        assertThat(CommitDecision.require("p", Optional.of(at(1)), ME, null, NONE, at(1), ME))
                .isEqualTo(ALREADY_COMMITTED);
    }
}
