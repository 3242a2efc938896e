package io.vitessreplicator.source.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the members of an ENUM or SET from the column type MySQL prints, such as
 * {@code enum('a','it''s','x,y','back\\slash')}.
 *
 * <p>MySQL's spelling (information_schema.COLUMNS.COLUMN_TYPE, which VStream copies into
 * {@code Field.column_type}) doubles a quote, writes a backslash as {@code \\}, a newline as
 * {@code \n}, a carriage return as {@code \r} and NUL as {@code \0}; every other character,
 * commas and parentheses included, stands for itself inside the quotes. Splitting on commas or
 * using a regex breaks on such members, hence this small scanner.
 *
 * <p>Hazard: COLUMN_TYPE is stored as utf8mb3, so a member containing a character outside the
 * Basic Multilingual Plane (an emoji) reaches us with that character replaced by {@code ?}. The
 * decoders deal with it (see {@link EnumSetDecoders}).
 */
final class EnumSetMembers {
    private EnumSetMembers() {}

    /**
     * The members in definition order.
     *
     * @param columnType the whole column type, starting with {@code enum(} or {@code set(}
     * @throws IllegalArgumentException when the text is not a quoted, comma-separated list
     */
    static List<String> parse(String columnType) {
        int open = columnType.indexOf('(');
        if (open < 0) {
            throw new IllegalArgumentException("no '(' in " + columnType);
        }
        List<String> members = new ArrayList<>();
        StringBuilder member = new StringBuilder();
        int i = open + 1;
        int n = columnType.length();
        if (i < n && columnType.charAt(i) == ')') {
            return members;
        }
        while (true) {
            if (i >= n || columnType.charAt(i) != '\'') {
                throw new IllegalArgumentException("expected a quoted member at offset " + i + " of " + columnType);
            }
            i++;
            member.setLength(0);
            while (true) {
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated member in " + columnType);
                }
                char c = columnType.charAt(i);
                if (c == '\'') {
                    if (i + 1 < n && columnType.charAt(i + 1) == '\'') {
                        member.append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (c == '\\' && i + 1 < n) {
                    member.append(unescape(columnType.charAt(i + 1)));
                    i += 2;
                    continue;
                }
                member.append(c);
                i++;
            }
            members.add(member.toString());
            if (i < n && columnType.charAt(i) == ',') {
                i++;
            } else if (i < n && columnType.charAt(i) == ')') {
                return members;
            } else {
                throw new IllegalArgumentException("expected ',' or ')' at offset " + i + " of " + columnType);
            }
        }
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case '0' -> '\0';
            case 'Z' -> '\u001A';
            default -> c; // \\ \' \" and anything else stand for the character itself
        };
    }
}
