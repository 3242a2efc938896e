package io.vitessreplicator.sink.redshift.emulator;

import java.util.Locale;

/** One lexical token of a statement, with its exact source text (so unchanged tokens are copied verbatim). */
record SqlToken(Kind kind, String text) {

    enum Kind {
        /** An unquoted name or keyword. */
        WORD,
        /** {@code "..."} with {@code ""} escapes. */
        QUOTED_IDENTIFIER,
        /** {@code '...'} (with {@code ''} and backslash escapes) or a dollar-quoted string. */
        STRING,
        NUMBER,
        /** {@code ?} */
        PARAMETER,
        /** Punctuation and operators; {@code ::} is one token. */
        SYMBOL,
        WHITESPACE,
        COMMENT
    }

    boolean significant() {
        return kind != Kind.WHITESPACE && kind != Kind.COMMENT;
    }

    /** An unquoted word equal to {@code word}, ignoring case. */
    boolean is(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    /** The name an identifier stands for: a quoted one exactly, an unquoted one folded to lower case. */
    String name() {
        if (kind == Kind.QUOTED_IDENTIFIER) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        if (kind == Kind.WORD) {
            return text.toLowerCase(Locale.ROOT);
        }
        throw new IllegalStateException("not an identifier: " + text);
    }

    /** The characters between the quotes of a {@code '...'} literal, undecoded. */
    String rawString() {
        if (kind != Kind.STRING || !text.startsWith("'")) {
            throw new IllegalStateException("not a quoted string: " + text);
        }
        return text.substring(1, text.length() - 1);
    }

    /**
     * The value of a {@code '...'} literal as Redshift reads it: {@code ''} is a quote, and a
     * backslash escapes the next character ({@code \b \f \n \r \t}, octal {@code \ooo}, hex
     * {@code \xhh}, any other character stands for itself).
     */
    String stringValue() {
        String raw = rawString();
        StringBuilder s = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\'') {
                s.append('\'');
                i++; // the second quote of ''
            } else if (c == '\\' && i + 1 < raw.length()) {
                char e = raw.charAt(++i);
                switch (e) {
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'x' -> {
                        int end = i + 1;
                        while (end < raw.length() && end < i + 3 && Character.digit(raw.charAt(end), 16) >= 0) {
                            end++;
                        }
                        if (end == i + 1) {
                            s.append('x');
                        } else {
                            s.append((char) Integer.parseInt(raw.substring(i + 1, end), 16));
                            i = end - 1;
                        }
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int end = i;
                            while (end < raw.length() && end < i + 3 && raw.charAt(end) >= '0' && raw.charAt(end) <= '7') {
                                end++;
                            }
                            s.append((char) Integer.parseInt(raw.substring(i, end), 8));
                            i = end - 1;
                        } else {
                            s.append(e);
                        }
                    }
                }
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return kind + "(" + text + ")";
    }
}
