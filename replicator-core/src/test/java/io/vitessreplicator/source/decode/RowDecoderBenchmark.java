package io.vitessreplicator.source.decode;

import static io.vitessreplicator.source.decode.TestRows.field;
import static io.vitessreplicator.source.decode.TestRows.row;

import io.vitess.proto.Query;
import io.vitess.proto.Query.Type;
import io.vitessreplicator.model.ZeroDatePolicy;
import java.util.List;

/**
 * Rough throughput of {@link RowDecoder} on a typical 12-column row (a main, not a test: run it
 * by hand after {@code mvn -o -pl replicator-core -am test-compile -Dtestenv.skip=true}):
 * <pre>
 * java -cp "replicator-core/target/test-classes:replicator-core/target/classes:vstream-proto/target/classes:$(
 *   cat /tmp/cp.txt)" io.vitessreplicator.source.decode.RowDecoderBenchmark
 * </pre>
 * where /tmp/cp.txt comes from {@code mvn -o -q -pl replicator-core dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt}.
 */
public final class RowDecoderBenchmark {
    private RowDecoderBenchmark() {}

    public static void main(String[] args) {
        List<Query.Field> fields = List.of(
                field("id", Type.INT64, 20, 63, 0, 53251, "bigint"),
                field("qty", Type.INT32, 11, 63, 0, 32768, "int"),
                field("name", Type.VARCHAR, 400, 255, 0, 0, "varchar(100)"),
                field("price", Type.DECIMAL, 12, 63, 2, 32768, "decimal(10,2)"),
                field("big", Type.DECIMAL, 67, 63, 30, 32768, "decimal(65,30)"),
                field("created", Type.DATETIME, 26, 63, 6, 128, "datetime(6)"),
                field("updated", Type.TIMESTAMP, 19, 63, 0, 128, "timestamp"),
                field("ratio", Type.FLOAT64, 22, 63, 31, 32768, "double"),
                field("score", Type.FLOAT32, 12, 63, 31, 32768, "float"),
                field("state", Type.ENUM, 12, 255, 0, 256, "enum('new','paid','shipped')"),
                field("doc", Type.JSON, -1, 63, 0, 144, "json"),
                field("payload", Type.BLOB, 65535, 63, 0, 144, "blob"));
        RowDecoder decoder = new RowDecoder(new FieldDecoder(ColumnFilter.ALL, ZeroDatePolicy.FAIL)
                .decode("commerce", "orders", fields));
        Query.Row streamed = row("1234567", "42", "Widget Deluxe 🚀", "1234.50",
                "12345.000000000000000000000000000001", "2024-02-29 12:34:56.789012", "2024-01-01 00:00:00",
                "1.2345678901234567E+00", "3.4028235E+38", "paid", "{\"id\": 7, \"tags\": [\"a\", \"b\"], \"ok\": true}",
                new byte[64]);
        int columns = fields.size();
        for (int round = 0; round < 5; round++) {
            int rows = 1_000_000;
            long start = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < rows; i++) {
                sink += decoder.decode(streamed).length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,.0f rows/s, %,.0f values/s (%d)%n", round, rows / seconds,
                    rows * (double) columns / seconds, sink);
        }
    }
}
