package io.vitessreplicator.sink.redshift.emulator;

import io.vitessreplicator.sink.redshift.emulator.SqlToken.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into {@link SqlToken}s, so the rewriter and the checks only ever look at code:
 * never inside {@code '...'} literals, {@code "..."} identifiers, dollar-quoted strings or comments.
 *
 * <p>String literals are read as Redshift reads them: {@code ''} is a quote and a backslash
 * escapes the next character (the emulator sets {@code standard_conforming_strings} off on
 * PostgreSQL so both read a literal alike). Concatenating the tokens' texts gives back the input.
 */
final class SqlTokenizer {
    private SqlTokenizer() {}

    static List<SqlToken> tokenize(String sql) throws SQLException {
        List<SqlToken> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                kind = Kind.WHITESPACE;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                kind = Kind.COMMENT;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                do {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (depth > 0 && i < n);
                if (depth > 0) {
                    throw Refusal.syntax("unterminated /* comment");
                }
                kind = Kind.COMMENT;
            } else if (c == '\'') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw Refusal.syntax("unterminated quoted string at or near " + excerpt(sql, start));
                    }
                    char d = sql.charAt(i);
                    if (d == '\\') {
                        i += 2;
                    } else if (d == '\'') {
                        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                kind = Kind.STRING;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw Refusal.syntax("unterminated quoted identifier at or near " + excerpt(sql, start));
                    }
                    if (sql.charAt(i) == '"') {
                        if (i + 1 < n && sql.charAt(i + 1) == '"') {
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                if (i - start == 2) {
                    throw Refusal.syntax("zero-length delimited identifier at or near \"\"");
                }
                kind = Kind.QUOTED_IDENTIFIER;
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                if (close < 0) {
                    throw Refusal.syntax("unterminated dollar-quoted string at or near " + excerpt(sql, start));
                }
                i = close + tag.length();
                kind = Kind.STRING;
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                kind = Kind.WORD;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && Character.isDigit(sql.charAt(j))) {
                        i = j;
                        while (i < n && Character.isDigit(sql.charAt(i))) {
                            i++;
                        }
                    }
                }
                kind = Kind.NUMBER;
            } else if (c == '?') {
                i++;
                kind = Kind.PARAMETER;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                i += 2;
                kind = Kind.SYMBOL;
            } else {
                i++;
                kind = Kind.SYMBOL;
            }
            tokens.add(new SqlToken(kind, sql.substring(start, i)));
        }
        return tokens;
    }

    /** The end of a {@code $tag$} opening at {@code i}, or -1. */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(sql.charAt(j))) {
                return -1; // $1 is a positional parameter, not a tag
            }
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
    }

    private static String excerpt(String sql, int from) {
        String s = sql.substring(from, Math.min(sql.length(), from + 30));
        return s.length() < sql.length() - from ? s + "..." : s;
    }
}
