package io.vitessreplicator.verify;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * When a source value and a target value are the same, by column type. Both are already in the
 * pipeline's representation (see {@link io.vitessreplicator.model.ColumnType}), so most kinds
 * compare with {@code equals}: floats bit for bit, strings code point for code point (no collation:
 * {@code 'a'} and {@code 'A'} differ, as they differ in the target). The exceptions:
 * <ul>
 *   <li>BINARY/VARBINARY/BLOB: by content;</li>
 *   <li>DECIMAL: by numeric value ({@code 1.50} = {@code 1.5}), as the target's numeric type holds it;</li>
 *   <li>JSON: as documents, not text: objects by their members whatever their order, arrays in
 *       order, numbers by value ({@code 1.0} = {@code 1}, which MySQL and PostgreSQL print
 *       differently), strings exactly.</li>
 * </ul>
 */
final class Values {
    private Values() {}

    /** The names of the columns whose values differ between two rows of {@code table}. */
    static List<String> differingColumns(TableSchema table, Object[] source, Object[] target) {
        List<String> out = new ArrayList<>();
        List<Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (!same(columns.get(i).type(), source[i], target[i])) {
                out.add(columns.get(i).name());
            }
        }
        return out;
    }

    /** True when both rows are absent, or both present with the same values. */
    static boolean sameRow(TableSchema table, Object[] a, Object[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return differingColumns(table, a, b).isEmpty();
    }

    static boolean same(ColumnType type, Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (type.kind() == ColumnType.Kind.JSON && a instanceof String x && b instanceof String y) {
            return x.equals(y) || sameJson(x, y);
        }
        return sameKeyValue(a, b);
    }

    /** Equality of values that are not JSON: byte arrays by content, decimals by value. */
    static boolean sameKeyValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    static boolean sameJson(String a, String b) {
        try {
            return sameJson(JsonParser.parseString(a), JsonParser.parseString(b));
        } catch (JsonParseException e) {
            return false; // one is not JSON at all: the texts differ, and so do the values
        }
    }

    private static boolean sameJson(JsonElement a, JsonElement b) {
        if (a.isJsonNull() || b.isJsonNull()) {
            return a.isJsonNull() && b.isJsonNull();
        }
        if (a.isJsonObject() && b.isJsonObject()) {
            JsonObject x = a.getAsJsonObject();
            JsonObject y = b.getAsJsonObject();
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<String, JsonElement> e : x.entrySet()) {
                JsonElement other = y.get(e.getKey());
                if (other == null || !sameJson(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isJsonArray() && b.isJsonArray()) {
            var x = a.getAsJsonArray();
            var y = b.getAsJsonArray();
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameJson(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
            JsonPrimitive x = a.getAsJsonPrimitive();
            JsonPrimitive y = b.getAsJsonPrimitive();
            if (x.isNumber() && y.isNumber()) {
                return x.getAsBigDecimal().compareTo(y.getAsBigDecimal()) == 0;
            }
            if (x.isString() && y.isString()) {
                return x.getAsString().equals(y.getAsString());
            }
            if (x.isBoolean() && y.isBoolean()) {
                return x.getAsBoolean() == y.getAsBoolean();
            }
        }
        return false;
    }

    /** A value as an operator reads it in a message: strings quoted, bytes in hex. */
    static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return "x'" + HexFormat.of().formatHex(b) + "'";
        }
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "'" + v + "'";
    }

    /** A value for a message, cut to {@code max} characters. */
    static String preview(Object v, int max) {
        String s = v instanceof byte[] b && b.length > max ? literal(Arrays.copyOf(b, max)) + "..."
                : literal(v);
        if (s.length() > max) {
            return s.substring(0, max) + "...(" + (v instanceof String t ? t.getBytes(StandardCharsets.UTF_8).length
                    + " bytes" : "cut") + ")";
        }
        return s;
    }
}
