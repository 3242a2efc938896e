package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.contract.SinkContractSuite;
import io.vitessreplicator.spi.contract.SinkTarget;
import java.util.List;
import java.util.Map;

/**
 * The Redshift sink against the contract every sink passes, on the emulated target: PostgreSQL
 * through the test-only Redshift emulator, with the staged files in S3Proxy (see EMULATOR.md for what
 * that does and does not prove).
 */
class RedshiftContractIT extends SinkContractSuite {
    @Override
    protected SinkTarget newTarget(String name) {
        return new Target(new RedshiftTestTarget("rs_" + name));
    }

    private static final class Target implements SinkTarget {
        private final RedshiftTestTarget target;

        Target(RedshiftTestTarget target) {
            this.target = target;
        }

        @Override
        public Sink newSink() {
            return target.sink(Map.of());
        }

        @Override
        public List<List<Object>> currentRows(TableId table, List<Column> columns, List<String> primaryKey) {
            return target.currentRows(table, columns, primaryKey);
        }

        @Override
        public List<String> columnNames(TableId table) {
            return target.columnNames(table);
        }

        @Override
        public boolean tableExists(TableId table) {
            return target.tableExists(table);
        }

        @Override
        public List<String> commitSteps() {
            return List.of("checkpoint-locked", "merged", "checkpoint-written", "committed");
        }

        @Override
        public String commitPoint() {
            return "committed";
        }

        @Override
        public void kill(Sink sink) {
            target.killSessions(((RedshiftSink) sink).pipeline());
            sink.close(); // its sessions are gone; this only stops the pool's threads in this test JVM
        }

        @Override
        public void loseClaim(Sink sink) {
            target.killLeaseSession(((RedshiftSink) sink).pipeline());
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
