package io.vitessreplicator.source;

import io.vitess.proto.Query;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link Query.Row} as text: Vitess packs a row as one byte string plus a length per value
 * (-1 for NULL). For information_schema results and tests; row images of replicated tables go
 * through the typed decoders instead.
 */
public final class QueryRows {
    private QueryRows() {}

    /** The row's values as UTF-8 strings, null for SQL NULL. */
    public static List<String> text(Query.Row row) {
        List<String> out = new ArrayList<>(row.getLengthsCount());
        byte[] bytes = row.getValues().toByteArray();
        int offset = 0;
        for (long len : row.getLengthsList()) {
            if (len < 0) {
                out.add(null);
            } else {
                out.add(new String(bytes, offset, (int) len, StandardCharsets.UTF_8));
                offset += (int) len;
            }
        }
        return out;
    }
}
