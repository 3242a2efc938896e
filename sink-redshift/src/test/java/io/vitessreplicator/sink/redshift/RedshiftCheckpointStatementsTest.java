package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedshiftCheckpointStatementsTest {
    private final RedshiftCheckpointStatements cp =
            new RedshiftCheckpointStatements("\"warehouse\".\"_vitess_replicator_checkpoint\"");

    @Test
    void readAndLockTakesTheTableLockBeforeReadingTheRow() {
        assertThat(cp.readAndLock()).containsExactly("LOCK \"warehouse\".\"_vitess_replicator_checkpoint\"",
                "SELECT position, owner, claimed_at, committed_at, batches, state FROM"
                        + " \"warehouse\".\"_vitess_replicator_checkpoint\" WHERE pipeline = ?");
    }

    @Test
    void claimIsAnUpdateOfTheOwnerOrAnInsertForAFreshPipeline() {
        assertThat(cp.claimUpdate()).isEqualTo("UPDATE \"warehouse\".\"_vitess_replicator_checkpoint\" SET owner = ?,"
                + " claimed_at = SYSDATE, updated_at = SYSDATE WHERE pipeline = ?");
        assertThat(cp.claimInsert()).startsWith("INSERT INTO \"warehouse\".\"_vitess_replicator_checkpoint\" (pipeline,"
                + " owner, claimed_at, updated_at) VALUES (?, ?, SYSDATE, SYSDATE)").doesNotContain("ON CONFLICT");
    }

    @Test
    void recordCommitIsGuardedByTheOwner() {
        assertThat(cp.recordCommit()).endsWith("WHERE pipeline = ? AND owner = ?").contains("batches = batches + 1");
        assertThat(cp.create()).startsWith("CREATE TABLE IF NOT EXISTS").contains("PRIMARY KEY (pipeline)")
                .contains("state varchar(65535)");
    }
}
