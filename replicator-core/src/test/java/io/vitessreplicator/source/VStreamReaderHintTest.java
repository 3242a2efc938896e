package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VStreamReaderHintTest {
    @Test
    void aTableTheTabletDoesNotKnowYetGetsTheCommandThatLoadsIt() {
        // As vtgate v24 reported it when a copy started a second after CREATE TABLE.
        String description = "error starting stream from shard GTID keyspace:\"commerce\" shard:\"0\": persistent error in"
                + " vstream for commerce/0 on tablet test-0000000002; giving up: target: commerce.0.replica: vttablet: rpc"
                + " error: code = Unknown desc = stream needs a position or a table to copy";
        assertThat(VStreamReader.hint(description)).contains("not list the tables to copy in its schema yet")
                .contains("vtctldclient ReloadSchemaKeyspace --include-primary <keyspace>");
    }

    @Test
    void otherErrorsGetNoHint() {
        assertThat(VStreamReader.hint("vttablet: rpc error: code = Unknown desc = Cannot connect to MySQL")).isEmpty();
        assertThat(VStreamReader.hint(null)).isEmpty();
    }
}
