package io.vitessreplicator.source.decode;

import com.google.protobuf.ByteString;
import io.vitess.proto.Query;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built VStream fields and rows, shaped like what Vitess 24 sends (see the probe values in the tests). */
final class TestRows {
    private TestRows() {}

    static Query.Field field(String name, Query.Type type, int length, int collation, int decimals, int flags,
                             String columnType) {
        return Query.Field.newBuilder().setName(name).setType(type).setColumnLength(length).setCharset(collation)
                .setDecimals(decimals).setFlags(flags).setColumnType(columnType).build();
    }

    /** A row of values given as text (UTF-8), byte[] (raw) or null (SQL NULL). */
    static Query.Row row(Object... values) {
        Query.Row.Builder row = Query.Row.newBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object v : values) {
            if (v == null) {
                row.addLengths(-1);
                continue;
            }
            byte[] b = v instanceof byte[] raw ? raw : v.toString().getBytes(StandardCharsets.UTF_8);
            row.addLengths(b.length);
            bytes.writeBytes(b);
        }
        return row.setValues(ByteString.copyFrom(bytes.toByteArray())).build();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
