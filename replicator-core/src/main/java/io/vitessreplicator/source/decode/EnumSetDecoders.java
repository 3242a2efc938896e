package io.vitessreplicator.source.decode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ENUM and SET values. Both phases send member text: the copy phase because MySQL does, streaming
 * because vtgate maps the binlog's ordinal/bitmap to member names ({@code FieldEvent
 * .enum_set_string_values}). An invalid ENUM value stored by a non-strict session is MySQL's
 * index 0 and arrives as the empty string in both phases.
 *
 * <p>Hazard, measured on Vitess 24 with MySQL 9.7: a member containing a character outside the
 * Basic Multilingual Plane (an emoji) reads correctly in the copy phase, but vttablet maps
 * streamed ordinals through information_schema's COLUMN_TYPE, where MySQL has replaced that
 * character with {@code ?}. To give the same value in both phases, every value is returned as the
 * member spelled in {@code column_type} ({@link io.vitessreplicator.model.ColumnType#elements()}):
 * a copy-phase value that matches no member is looked up again with its supplementary characters
 * replaced by {@code ?}. The emoji is lost in both phases, consistently.
 */
final class EnumSetDecoders {
    private EnumSetDecoders() {}

    static ColumnDecoder enumDecoder(List<String> members, MysqlCharset charset) {
        Map<String, String> lookup = lookup(members);
        return (b, off, len) -> {
            if (len == 0) {
                return "";
            }
            return member(lookup, charset.decode(b, off, len));
        };
    }

    /** A SET value: the members present, in definition order, as an unmodifiable list. */
    static ColumnDecoder setDecoder(List<String> members, MysqlCharset charset) {
        Map<String, String> lookup = lookup(members);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            position.putIfAbsent(members.get(i), i);
        }
        return (b, off, len) -> {
            if (len == 0) {
                return List.of();
            }
            String text = charset.decode(b, off, len);
            int count = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == ',') {
                    count++;
                }
            }
            String[] present = new String[count];
            int start = 0;
            for (int k = 0; k < count; k++) {
                int comma = text.indexOf(',', start);
                int stop = comma < 0 ? text.length() : comma;
                present[k] = member(lookup, text.substring(start, stop));
                start = stop + 1;
            }
            for (int k = 1; k < count; k++) {
                if (position.get(present[k - 1]) >= position.get(present[k])) {
                    throw new IllegalArgumentException("SET members out of definition order or repeated");
                }
            }
            return List.of(present);
        };
    }

    private static Map<String, String> lookup(List<String> members) {
        Map<String, String> lookup = new HashMap<>();
        for (String m : members) {
            lookup.putIfAbsent(m, m);
        }
        return lookup;
    }

    private static String member(Map<String, String> lookup, String value) {
        String m = lookup.get(value);
        if (m == null) {
            m = lookup.get(withoutSupplementaryCharacters(value));
        }
        if (m == null) {
            throw new IllegalArgumentException("'" + value + "' is not a member");
        }
        return m;
    }

    /** The text as MySQL's utf8mb3 metadata spells it: each character above U+FFFF becomes '?'. */
    static String withoutSupplementaryCharacters(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('?');
                i++;
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
