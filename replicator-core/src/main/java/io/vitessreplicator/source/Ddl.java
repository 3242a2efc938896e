package io.vitessreplicator.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a DDL statement from the stream says that FIELD events cannot: which columns were renamed
 * (not dropped and added), which were dropped, the defaults of added columns, and table-level
 * operations (create, rename, drop, truncate).
 *
 * <p>A small tokenizer, not a MySQL grammar: it reads the clauses the pipeline acts on and
 * ignores the rest (indexes, options, algorithm and lock clauses). A statement it cannot read is
 * {@link Kind#OTHER}; the FIELD event that follows still tells the new columns and types.
 */
public record Ddl(Kind kind, List<String> tables, List<String> newTables, Map<String, AddedColumn> addedColumns,
                  List<ColumnOp> columnOps, List<String> newPrimaryKey) {

    /** Columns renamed (RENAME COLUMN, CHANGE a b), old name → new name, in statement order. */
    public Map<String, String> renamedColumns() {
        return renamed(false);
    }

    /** Columns renamed by CHANGE a b only, old name → new name, in statement order. */
    public Map<String, String> renamedByChange() {
        return renamed(true);
    }

    private Map<String, String> renamed(boolean changeOnly) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ColumnOp op : columnOps) {
            if ((op.op() == Op.RENAME && !changeOnly || op.op() == Op.CHANGE) && !op.column().equalsIgnoreCase(op.newName())) {
                out.put(op.column(), op.newName());
            }
        }
        return out;
    }

    /** Columns dropped, in statement order. */
    public List<String> droppedColumns() {
        return columnOps.stream().filter(op -> op.op() == Op.DROP).map(ColumnOp::column).toList();
    }

    public enum Kind { ALTER_TABLE, CREATE_TABLE, RENAME_TABLE, DROP_TABLE, TRUNCATE, OTHER }

    /**
     * An added (or re-defined) column: its default as MySQL literal text (null: none or an
     * expression), whether it is NOT NULL.
     */
    public record AddedColumn(String name, String defaultLiteral, boolean notNull) {}

    /** What an ALTER clause does to the column list, in statement order. */
    public enum Op { ADD, DROP, RENAME, CHANGE, MODIFY, UNKNOWN }

    /**
     * One column operation of an ALTER: {@code column} is the name before it, {@code newName} after
     * it (ADD, RENAME, CHANGE, MODIFY); {@code typeText} the declared type, e.g.
     * {@code varchar(20)} (ADD, CHANGE, MODIFY); {@code after} where the column moves: null = ADD at
     * the end or CHANGE/MODIFY in place, empty = FIRST, else the column it follows. UNKNOWN: a clause
     * that changes columns in a way this parser does not follow (e.g. {@code ADD (a int, b int)}).
     */
    public record ColumnOp(Op op, String column, String newName, String typeText, String after) {}

    static final Ddl OTHER = new Ddl(Kind.OTHER, List.of(), List.of(), Map.of(), List.of(), null);

    /** Parses one statement; never throws. Table names are without keyspace qualifier. */
    public static Ddl parse(String sql) {
        try {
            return new Parser(tokenize(sql)).statement();
        } catch (RuntimeException e) {
            return OTHER;
        }
    }

    // ---------------------------------------------------------------------------------------
    /** A token: an identifier or keyword (quoted = backticked), a string literal, or a symbol. */
    record Token(String text, boolean quoted, boolean string) {
        boolean is(String keyword) {
            return !quoted && !string && text.equalsIgnoreCase(keyword);
        }
    }

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '-' && i + 2 < n && sql.charAt(i + 1) == '-' && Character.isWhitespace(sql.charAt(i + 2))
                    || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '`') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n) {
                    char d = sql.charAt(i++);
                    if (d == '`') {
                        if (i < n && sql.charAt(i) == '`') {
                            b.append('`');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(d);
                    }
                }
                out.add(new Token(b.toString(), true, false));
            } else if (c == '\'' || c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n) {
                    char d = sql.charAt(i++);
                    if (d == '\\' && i < n) {
                        char e = sql.charAt(i++);
                        b.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case '0' -> '\0';
                            default -> e;
                        });
                    } else if (d == c) {
                        if (i < n && sql.charAt(i) == c) {
                            b.append(c);
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(d);
                    }
                }
                out.add(new Token(b.toString(), false, true));
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' && i + 1 < n
                    && Character.isDigit(sql.charAt(i + 1))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$'
                        || sql.charAt(i) == '.' && i > start && Character.isDigit(sql.charAt(start)))) {
                    i++;
                }
                out.add(new Token(sql.substring(start, i), false, false));
            } else {
                out.add(new Token(String.valueOf(c), false, false));
                i++;
            }
        }
        return out;
    }

    private static final class Parser {
        private final List<Token> t;
        private int p;

        Parser(List<Token> tokens) {
            this.t = tokens;
        }

        private boolean at(String keyword) {
            return p < t.size() && t.get(p).is(keyword);
        }

        private boolean accept(String keyword) {
            if (at(keyword)) {
                p++;
                return true;
            }
            return false;
        }

        private void expect(String keyword) {
            if (!accept(keyword)) {
                throw new IllegalArgumentException("expected " + keyword);
            }
        }

        /** A possibly qualified name; returns the last part. */
        private String name() {
            String n = t.get(p++).text();
            while (p + 1 < t.size() && t.get(p).is(".")) {
                p++;
                n = t.get(p++).text();
            }
            return n;
        }

        Ddl statement() {
            if (accept("ALTER")) {
                while (!at("TABLE")) {
                    p++; // ALTER [ONLINE|IGNORE|...] TABLE
                }
                expect("TABLE");
                return alter(name());
            }
            if (accept("CREATE")) {
                accept("TEMPORARY");
                if (!accept("TABLE")) {
                    return OTHER;
                }
                if (accept("IF")) {
                    expect("NOT");
                    expect("EXISTS");
                }
                return table(Kind.CREATE_TABLE, List.of(), List.of(name()));
            }
            if (accept("RENAME")) {
                expect("TABLE");
                List<String> from = new ArrayList<>();
                List<String> to = new ArrayList<>();
                do {
                    from.add(name());
                    expect("TO");
                    to.add(name());
                } while (accept(","));
                return table(Kind.RENAME_TABLE, from, to);
            }
            if (accept("DROP")) {
                accept("TEMPORARY");
                if (!accept("TABLE")) {
                    return OTHER;
                }
                if (accept("IF")) {
                    expect("EXISTS");
                }
                List<String> names = new ArrayList<>();
                do {
                    names.add(name());
                } while (accept(","));
                return table(Kind.DROP_TABLE, names, List.of());
            }
            if (accept("TRUNCATE")) {
                accept("TABLE");
                return table(Kind.TRUNCATE, List.of(name()), List.of());
            }
            return OTHER;
        }

        private static Ddl table(Kind kind, List<String> tables, List<String> newTables) {
            return new Ddl(kind, List.copyOf(tables), List.copyOf(newTables), Map.of(), List.of(), null);
        }

        private Ddl alter(String table) {
            Map<String, AddedColumn> added = new LinkedHashMap<>();
            List<String> newName = new ArrayList<>();
            List<ColumnOp> ops = new ArrayList<>();
            List<String> primaryKey = new ArrayList<>();
            while (p < t.size()) {
                int end = clauseEnd();
                List<Token> clause = t.subList(p, end);
                alterClause(clause, added, newName, ops);
                primaryKey(clause, primaryKey);
                p = end + 1; // past the comma
            }
            if (!newName.isEmpty()) {
                return new Ddl(Kind.RENAME_TABLE, List.of(table), List.copyOf(newName), Map.of(), List.of(), null);
            }
            return new Ddl(Kind.ALTER_TABLE, List.of(table), List.of(), added, List.copyOf(ops),
                    primaryKey.isEmpty() ? null : List.copyOf(primaryKey));
        }

        /** Index of the comma ending the clause at p (outside parentheses), or the end. */
        private int clauseEnd() {
            int depth = 0;
            for (int i = p; i < t.size(); i++) {
                Token k = t.get(i);
                if (k.is("(")) {
                    depth++;
                } else if (k.is(")")) {
                    depth--;
                } else if (depth == 0 && k.is(",")) {
                    return i;
                }
            }
            return t.size();
        }

        private static void alterClause(List<Token> c, Map<String, AddedColumn> added, List<String> newName,
                                        List<ColumnOp> ops) {
            if (c.isEmpty()) {
                return;
            }
            int i = 0;
            String verb = c.get(0).text().toUpperCase(Locale.ROOT);
            switch (verb) {
                case "ADD" -> {
                    i = 1;
                    if (c.get(i).is("COLUMN")) {
                        i++;
                    }
                    if (c.get(i).is("(")) {
                        ops.add(new ColumnOp(Op.UNKNOWN, null, null, null, null));
                        return; // ADD (col, col): the FIELD event tells
                    }
                    if (isKeyOrConstraint(c.get(i))) {
                        return; // ADD INDEX/KEY/CONSTRAINT/...
                    }
                    added.put(c.get(i).text(), column(c, i));
                    ops.add(new ColumnOp(Op.ADD, null, c.get(i).text(), typeText(c, i + 1), placement(c, i + 1)));
                }
                case "DROP" -> {
                    i = 1;
                    if (c.get(i).is("COLUMN")) {
                        i++;
                    } else if (isKeyOrConstraint(c.get(i)) || c.get(i).is("PRIMARY") || c.get(i).is("FOREIGN")
                            || c.get(i).is("CHECK") || c.get(i).is("DEFAULT")) {
                        return;
                    }
                    if (c.get(i).is("IF")) {
                        i += 2;
                    }
                    ops.add(new ColumnOp(Op.DROP, c.get(i).text(), null, null, null));
                }
                case "RENAME" -> {
                    i = 1;
                    if (c.get(i).is("COLUMN")) {
                        ops.add(new ColumnOp(Op.RENAME, c.get(i + 1).text(), c.get(i + 3).text(), null, null));
                    } else if (c.get(i).is("INDEX") || c.get(i).is("KEY")) {
                        return;
                    } else {
                        if (c.get(i).is("TO") || c.get(i).is("AS")) {
                            i++;
                        }
                        String n = c.get(i).text();
                        while (i + 2 < c.size() && c.get(i + 1).is(".")) {
                            i += 2;
                            n = c.get(i).text();
                        }
                        newName.add(n);
                    }
                }
                case "CHANGE" -> {
                    i = 1;
                    if (c.get(i).is("COLUMN")) {
                        i++;
                    }
                    String from = c.get(i).text();
                    String to = c.get(i + 1).text();
                    added.put(to, column(c, i + 1));
                    ops.add(new ColumnOp(Op.CHANGE, from, to, typeText(c, i + 2), placement(c, i + 2)));
                }
                case "MODIFY" -> {
                    i = 1;
                    if (c.get(i).is("COLUMN")) {
                        i++;
                    }
                    added.put(c.get(i).text(), column(c, i));
                    ops.add(new ColumnOp(Op.MODIFY, c.get(i).text(), c.get(i).text(), typeText(c, i + 1),
                            placement(c, i + 1)));
                }
                default -> { } // ALTER COLUMN ... SET DEFAULT, options, ALGORITHM=, LOCK=: nothing to act on
            }
        }

        /** {@code ADD [CONSTRAINT [name]] PRIMARY KEY (a, b)}: the key's columns, in order. */
        private static void primaryKey(List<Token> c, List<String> out) {
            if (c.isEmpty() || !c.get(0).is("ADD")) {
                return;
            }
            for (int i = 1; i + 2 < c.size(); i++) {
                if (c.get(i).is("PRIMARY") && c.get(i + 1).is("KEY")) {
                    int j = i + 2;
                    while (j < c.size() && !c.get(j).is("(")) {
                        j++; // USING BTREE or an index name
                    }
                    int depth = 0;
                    for (j++; j < c.size() && !(depth == 0 && c.get(j).is(")")); j++) {
                        Token k = c.get(j);
                        if (k.is("(")) {
                            depth++; // a prefix length, e.g. name(10)
                        } else if (k.is(")")) {
                            depth--;
                        } else if (depth == 0 && !k.is(",") && !k.is("ASC") && !k.is("DESC")) {
                            out.add(k.text());
                        }
                    }
                    return;
                }
            }
        }

        private static boolean isKeyOrConstraint(Token k) {
            return k.is("INDEX") || k.is("KEY") || k.is("UNIQUE") || k.is("PRIMARY") || k.is("CONSTRAINT")
                    || k.is("FOREIGN") || k.is("FULLTEXT") || k.is("SPATIAL") || k.is("CHECK") || k.is("PARTITION");
        }

        /** A column definition starting at its name: its DEFAULT literal and NOT NULL. */
        private static AddedColumn column(List<Token> c, int nameIndex) {
            String name = c.get(nameIndex).text();
            String literal = null;
            boolean notNull = false;
            for (int i = nameIndex + 1; i < c.size(); i++) {
                Token k = c.get(i);
                if (k.is("NOT") && i + 1 < c.size() && c.get(i + 1).is("NULL")) {
                    notNull = true;
                } else if (k.is("DEFAULT") && i + 1 < c.size()) {
                    Token v = c.get(i + 1);
                    if (v.string()) {
                        literal = v.text();
                    } else if (v.is("-") && i + 2 < c.size()) {
                        literal = "-" + c.get(i + 2).text();
                    } else if (!v.quoted() && !v.is("(") && !v.is("NULL") && isNumber(v.text())) {
                        literal = v.text();
                    } else if (v.is("TRUE") || v.is("FALSE")) {
                        literal = v.is("TRUE") ? "1" : "0";
                    }
                }
            }
            return new AddedColumn(name, literal, notNull);
        }

        /** Words that end a column's type in its definition (attributes that follow the type). */
        private static final java.util.Set<String> AFTER_TYPE = java.util.Set.of("NOT", "NULL", "DEFAULT", "COMMENT",
                "FIRST", "AFTER", "PRIMARY", "UNIQUE", "KEY", "AUTO_INCREMENT", "COLLATE", "CHARACTER", "CHARSET",
                "GENERATED", "AS", "ON", "INVISIBLE", "VISIBLE", "REFERENCES", "CHECK", "CONSTRAINT", "SRID", "STORAGE",
                "COLUMN_FORMAT", "ENGINE_ATTRIBUTE", "SECONDARY_ENGINE_ATTRIBUTE", "VIRTUAL", "STORED");

        /** The type of a column definition starting at {@code i}, as MySQL's column_type spells it. */
        private static String typeText(List<Token> c, int i) {
            StringBuilder b = new StringBuilder();
            int depth = 0;
            for (; i < c.size(); i++) {
                Token k = c.get(i);
                if (depth == 0 && !k.string() && AFTER_TYPE.contains(k.text().toUpperCase(Locale.ROOT)) && !k.quoted()) {
                    break;
                }
                if (k.is("(")) {
                    depth++;
                } else if (k.is(")")) {
                    depth--;
                }
                if (k.string()) {
                    b.append('\'').append(k.text().replace("'", "''")).append('\'');
                } else {
                    boolean glue = k.is("(") || k.is(")") || k.is(",") || b.isEmpty() || b.charAt(b.length() - 1) == '('
                            || b.charAt(b.length() - 1) == ',';
                    if (!glue) {
                        b.append(' ');
                    }
                    b.append(k.text().toLowerCase(Locale.ROOT));
                }
            }
            return b.toString();
        }

        /** FIRST → "", AFTER x → x, neither → null. */
        private static String placement(List<Token> c, int from) {
            int depth = 0;
            for (int i = from; i < c.size(); i++) {
                Token k = c.get(i);
                if (k.is("(")) {
                    depth++;
                } else if (k.is(")")) {
                    depth--;
                } else if (depth == 0 && k.is("FIRST")) {
                    return "";
                } else if (depth == 0 && k.is("AFTER") && i + 1 < c.size()) {
                    return c.get(i + 1).text();
                }
            }
            return null;
        }

        private static boolean isNumber(String s) {
            return s.matches("[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|\\.[0-9]+");
        }
    }
}
