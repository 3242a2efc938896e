package io.vitessreplicator.sink.redshift.emulator;

import io.vitessreplicator.sink.redshift.emulator.SqlToken.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one statement of Redshift SQL into the PostgreSQL the emulator runs, after refusing what
 * Redshift would refuse (or what only PostgreSQL accepts). Works on {@link SqlTokenizer} tokens, so
 * string literals, quoted identifiers and comments are never looked into or changed. The rewrites
 * and the refused constructs are listed in {@code sink-redshift/EMULATOR.md}; everything else is
 * copied verbatim.
 */
final class SqlRewriter {
    /** Redshift's VARBYTE length when none is given. */
    static final int DEFAULT_VARBYTE_LENGTH = 64_000;
    static final int MAX_VARBYTE_LENGTH = 16_777_216;
    static final int MAX_VARCHAR_LENGTH = 65_535;
    static final int MAX_CHAR_LENGTH = 4_096;
    static final String SCHEMA = "_vr_emulator";

    private static final Set<String> CODECS = Set.of("raw", "az64", "bytedict", "delta", "delta32k", "lzo",
            "mostly8", "mostly16", "mostly32", "runlength", "text255", "text32k", "zstd", "auto");
    private static final Set<String> TABLE_CONSTRAINT_WORDS = Set.of("primary", "unique", "foreign", "constraint",
            "check", "like", "exclude");

    private final List<SqlToken> all;
    /** Index into {@link #all} of each significant token. */
    private final int[] sig;
    /** Replacement text per token of {@link #all}; null keeps the token. */
    private final String[] edits;
    /** Parenthesis depth before each significant token. */
    private final int[] depth;
    /** Significant index of the '(' enclosing each significant token, or -1. */
    private final int[] opener;
    private final Set<Integer> varbyteLengths = new TreeSet<>();

    private SqlRewriter(List<SqlToken> all, int[] sig) {
        this.all = all;
        this.sig = sig;
        this.edits = new String[all.size()];
        this.depth = new int[sig.length];
        this.opener = new int[sig.length];
        List<Integer> stack = new ArrayList<>();
        for (int i = 0; i < sig.length; i++) {
            depth[i] = stack.size();
            opener[i] = stack.isEmpty() ? -1 : stack.get(stack.size() - 1);
            if (tok(i).isSymbol("(")) {
                stack.add(i);
            } else if (tok(i).isSymbol(")") && !stack.isEmpty()) {
                stack.remove(stack.size() - 1);
                depth[i] = stack.size();
                opener[i] = stack.isEmpty() ? -1 : stack.get(stack.size() - 1);
            }
        }
    }

    /** Checks and rewrites one statement (a trailing {@code ;} is allowed). */
    static Rewritten rewrite(String sql) throws SQLException {
        List<SqlToken> all = SqlTokenizer.tokenize(sql);
        List<Integer> significant = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).significant()) {
                significant.add(i);
            }
        }
        int count = significant.size();
        if (count > 0 && all.get(significant.get(count - 1)).isSymbol(";")) {
            count--;
        }
        for (int i = 0; i < count; i++) {
            if (all.get(significant.get(i)).isSymbol(";")) {
                throw Refusal.syntax("several statements in one call; the emulator checks one statement at a time"
                        + " (send them separately)");
            }
        }
        int[] sig = new int[count];
        for (int i = 0; i < count; i++) {
            sig[i] = significant.get(i);
        }
        return new SqlRewriter(all, sig).run(sql);
    }

    private Rewritten run(String sql) throws SQLException {
        if (sig.length == 0) {
            return new Rewritten(Rewritten.Action.EXECUTE, sql, null, Set.of(), false, null);
        }
        refusePostgresOnly();
        SqlToken first = tok(0);
        if (first.is("COPY")) {
            return new Rewritten(Rewritten.Action.COPY, sql, CopyStatementParser.parse(significantTokens()), Set.of(),
                    false, null);
        }
        if (first.is("SET") && at(1).is("enable_case_sensitive_identifier")) {
            return caseSensitiveIdentifier(sql);
        }
        Rewritten.AlterColumnType alter = null;
        boolean createTable = isCreateTable();
        if (createTable) {
            tableLayout(true);
        } else if (first.is("ALTER") && at(1).is("TABLE")) {
            alter = alterTable();
        }
        types(createTable);
        identity();
        dates();
        redshiftOnly();
        if (first.is("SELECT") || first.is("WITH")) {
            formatType();
        }
        return new Rewritten(Rewritten.Action.EXECUTE, render(), null, Set.copyOf(varbyteLengths), first.is("TRUNCATE"),
                alter);
    }

    // ---- refusals ---------------------------------------------------------------------------

    /**
     * Whether the parenthesized list that ends at token {@code close} holds a comma at its own level
     * and is not a function call's arguments (no word right before its opening parenthesis).
     */
    private boolean isRowConstructor(int close) {
        int level = 0;
        boolean comma = false;
        for (int j = close; j >= 0; j--) {
            if (tok(j).isSymbol(")")) {
                level++;
            } else if (tok(j).isSymbol("(")) {
                level--;
                if (level == 0) {
                    return comma && (j == 0 || tok(j - 1).kind() != Kind.WORD || tok(j - 1).is("WHERE")
                            || tok(j - 1).is("AND") || tok(j - 1).is("OR") || tok(j - 1).is("NOT"));
                }
            } else if (level == 1 && tok(j).isSymbol(",")) {
                comma = true;
            }
        }
        return false;
    }

    private void refusePostgresOnly() throws SQLException {
        for (int i = 0; i < sig.length; i++) {
            SqlToken t = tok(i);
            SqlToken next = at(i + 1);
            if (t.is("ON") && next.is("CONFLICT")) {
                throw Refusal.notRedshift("INSERT ... ON CONFLICT is PostgreSQL's upsert; Redshift has no ON CONFLICT"
                        + " (merge with UPDATE + INSERT from a staging table)");
            }
            if (t.is("ON") && next.is("COMMIT")) {
                throw Refusal.notRedshift("ON COMMIT does not exist in Redshift (temporary tables live until the"
                        + " session ends)");
            }
            if (t.is("DISTINCT") && next.is("ON")) {
                throw Refusal.notRedshift("SELECT DISTINCT ON is PostgreSQL-only; Redshift does not have it");
            }
            if (t.is("FOR") && (next.is("UPDATE") || next.is("SHARE") || next.is("NO") || next.is("KEY"))) {
                throw Refusal.notRedshift("row locks (FOR UPDATE / FOR SHARE) are PostgreSQL-only; Redshift has"
                        + " only LOCK table");
            }
            if (t.is("IN") && i > 0 && tok(i - 1).isSymbol(")") && isRowConstructor(i - 1)) {
                throw Refusal.notRedshift("a row constructor before IN, (a, b) IN (...), is PostgreSQL's; Redshift"
                        + " documents IN for one expression only (write (a = ? AND b = ?) OR ...)");
            }
            if (t.is("RETURNING")) {
                throw Refusal.notRedshift("RETURNING is PostgreSQL-only; Redshift does not return rows from DML");
            }
            if (t.kind() == Kind.WORD) {
                String w = t.text().toLowerCase(Locale.ROOT);
                if (w.startsWith("pg_advisory_") || w.startsWith("pg_try_advisory_")) {
                    throw Refusal.notRedshift(t.text() + ": advisory locks are PostgreSQL-only; Redshift has none");
                }
                if (w.equals("jsonb") || w.startsWith("jsonb_") || w.equals("bytea")) {
                    throw Refusal.notRedshift(t.text() + " is PostgreSQL-only; Redshift has SUPER (JSON) and"
                            + " VARBYTE (binary)");
                }
            }
            if ((t.is("ADD") || t.is("DROP")) && depth[i] == 0) {
                int j = at(i + 1).is("COLUMN") ? i + 2 : i + 1;
                if (at(j).is("IF")) {
                    throw Refusal.notRedshift(t.text().toUpperCase(Locale.ROOT) + " COLUMN IF "
                            + (t.is("ADD") ? "NOT EXISTS" : "EXISTS") + " is PostgreSQL-only; Redshift's ALTER TABLE"
                            + " has no IF [NOT] EXISTS for columns");
                }
            }
        }
        if (tok(0).is("CREATE") && (at(1).is("INDEX") || (at(1).is("UNIQUE") && at(2).is("INDEX")))) {
            throw Refusal.notRedshift("CREATE INDEX: Redshift has no indexes");
        }
        if (tok(0).is("COPY")) {
            for (int i = 1; i < sig.length; i++) {
                if (tok(i).is("STDIN") || tok(i).is("STDOUT")) {
                    throw Refusal.notRedshift("COPY ... FROM STDIN is PostgreSQL's client COPY; Redshift loads only"
                            + " from S3 and other AWS sources");
                }
                if (tok(i).is("TO") && depth[i] == 0) {
                    throw Refusal.notRedshift("COPY ... TO is PostgreSQL-only; Redshift writes files with UNLOAD");
                }
            }
        }
    }

    private Rewritten caseSensitiveIdentifier(String sql) throws SQLException {
        if (!(at(2).is("TO") || at(2).isSymbol("=")) || sig.length != 4) {
            throw Refusal.syntax("expected SET enable_case_sensitive_identifier TO true|false: " + sql);
        }
        SqlToken v = tok(3);
        String value = v.kind() == Kind.STRING ? v.stringValue() : v.text();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on")) {
            return new Rewritten(Rewritten.Action.NO_OP, sql, null, Set.of(), false, null);
        }
        if (value.equalsIgnoreCase("false") || value.equalsIgnoreCase("off")) {
            throw Refusal.notRedshift("enable_case_sensitive_identifier false folds quoted names to lower case in"
                    + " Redshift; the emulator only emulates true (PostgreSQL keeps quoted names' case)");
        }
        throw Refusal.syntax("enable_case_sensitive_identifier takes true or false, not " + v.text());
    }

    // ---- CREATE TABLE layout ----------------------------------------------------------------

    private boolean isCreateTable() {
        if (!tok(0).is("CREATE")) {
            return false;
        }
        int i = 1;
        while (at(i).is("LOCAL") || at(i).is("TEMP") || at(i).is("TEMPORARY")) {
            i++;
        }
        return at(i).is("TABLE");
    }

    /** Index just after a possibly qualified name starting at {@code i}, or -1. */
    private int nameEnd(int i) {
        if (!at(i).isIdentifier()) {
            return -1;
        }
        int j = i + 1;
        while (at(j).isSymbol(".") && at(j + 1).isIdentifier()) {
            j += 2;
        }
        return j;
    }

    /**
     * Removes DISTSTYLE, DISTKEY, SORTKEY (table and column attributes) and ENCODE, after checking
     * them as Redshift would: DISTSTYLE's value, ENCODE's codec, key columns that exist.
     */
    private void tableLayout(boolean createTable) throws SQLException {
        Set<String> columns = new HashSet<>();
        boolean columnsKnown = createTable;
        String diststyle = null;
        List<SqlToken> keyColumns = new ArrayList<>();
        boolean distkey = false;
        for (int i = 0; i < sig.length; i++) {
            SqlToken t = tok(i);
            if (createTable && depth[i] == 1 && (tok(i - 1).isSymbol("(") || tok(i - 1).isSymbol(","))
                    && opener[i] >= 0 && depth[opener[i]] == 0 && t.isIdentifier()) {
                if (t.kind() == Kind.WORD && TABLE_CONSTRAINT_WORDS.contains(t.text().toLowerCase(Locale.ROOT))) {
                    if (t.is("LIKE")) {
                        columnsKnown = false;
                    }
                } else {
                    columns.add(t.name());
                }
            }
            if (t.is("DISTSTYLE") && depth[i] == 0) {
                SqlToken v = at(i + 1);
                if (!(v.is("AUTO") || v.is("EVEN") || v.is("ALL") || v.is("KEY"))) {
                    throw Refusal.syntax("DISTSTYLE must be AUTO, EVEN, ALL or KEY, not " + v.text());
                }
                diststyle = v.text().toUpperCase(Locale.ROOT);
                remove(i, i + 1);
                i++;
            } else if (t.is("DISTKEY")) {
                distkey = true;
                if (at(i + 1).isSymbol("(")) {
                    if (!at(i + 2).isIdentifier() || !at(i + 3).isSymbol(")")) {
                        throw Refusal.syntax("DISTKEY takes one column: DISTKEY (column)");
                    }
                    keyColumns.add(tok(i + 2));
                    remove(i, i + 3);
                    i += 3;
                } else {
                    remove(i, i);
                }
            } else if ((t.is("COMPOUND") || t.is("INTERLEAVED")) && at(i + 1).is("SORTKEY")) {
                int end = sortKeyEnd(i + 1, keyColumns);
                remove(i, end);
                i = end;
            } else if (t.is("SORTKEY")) {
                int end = sortKeyEnd(i, keyColumns);
                remove(i, end);
                i = end;
            } else if (t.is("ENCODE")) {
                SqlToken codec = at(i + 1);
                if (codec.kind() != Kind.WORD || !CODECS.contains(codec.text().toLowerCase(Locale.ROOT))) {
                    throw Refusal.syntax("ENCODE " + codec.text() + ": not a Redshift compression encoding");
                }
                remove(i, i + 1);
                i++;
            }
        }
        if ("KEY".equals(diststyle) && !distkey) {
            throw Refusal.syntax("DISTSTYLE KEY needs a DISTKEY (Redshift: \"DISTSTYLE KEY requires a DISTKEY\")");
        }
        if (distkey && diststyle != null && !diststyle.equals("KEY")) {
            throw Refusal.syntax("DISTKEY with DISTSTYLE " + diststyle + " (Redshift: only DISTSTYLE KEY takes a"
                    + " DISTKEY)");
        }
        if (columnsKnown) {
            for (SqlToken c : keyColumns) {
                if (!columns.contains(c.name())) {
                    throw Refusal.syntax("column " + c.text() + " named in a distribution or sort key is not a column"
                            + " of the table");
                }
            }
        }
    }

    /** {@code SORTKEY ( a, b )} or {@code SORTKEY AUTO} or a bare column attribute; returns the last index. */
    private int sortKeyEnd(int i, List<SqlToken> keyColumns) throws SQLException {
        if (at(i + 1).is("AUTO")) {
            return i + 1;
        }
        if (!at(i + 1).isSymbol("(")) {
            return i; // column attribute
        }
        int j = i + 2;
        while (true) {
            if (!at(j).isIdentifier()) {
                throw Refusal.syntax("SORTKEY takes a list of columns: SORTKEY (a, b)");
            }
            keyColumns.add(tok(j));
            if (at(j + 1).isSymbol(")")) {
                return j + 1;
            }
            if (!at(j + 1).isSymbol(",")) {
                throw Refusal.syntax("SORTKEY takes a list of columns: SORTKEY (a, b)");
            }
            j += 2;
        }
    }

    // ---- ALTER TABLE --------------------------------------------------------------------------

    private Rewritten.AlterColumnType alterTable() throws SQLException {
        int i = 2;
        if (at(i).is("IF") && at(i + 1).is("EXISTS")) {
            i += 2;
        }
        int tableStart = i;
        int end = nameEnd(i);
        if (end < 0) {
            return null; // let PostgreSQL report the syntax
        }
        String table = text(tableStart, end - 1);
        for (int j = end; j < sig.length; j++) {
            if (tok(j).isSymbol(",") && depth[j] == 0) {
                throw Refusal.notRedshift("ALTER TABLE with several actions; Redshift allows one action per ALTER"
                        + " TABLE (\"ALTER TABLE ... only one action\")");
            }
        }
        SqlToken action = at(end);
        if (action.is("ADD")) {
            tableLayout(false); // ENCODE on the new column
            return null;
        }
        if (!action.is("ALTER")) {
            return null;
        }
        int c = at(end + 1).is("COLUMN") ? end + 2 : end + 1;
        if (at(c).is("DISTKEY") || at(c).is("DISTSTYLE") || at(c).is("SORTKEY") || at(c).is("COMPOUND")
                || at(c).is("INTERLEAVED") || at(c).is("ENCODE")) {
            throw Refusal.notRedshift("ALTER TABLE ... ALTER " + at(c).text() + ": the emulator does not implement"
                    + " Redshift's layout changes; the sink must not use them");
        }
        if (!at(c).isIdentifier()) {
            return null;
        }
        SqlToken column = tok(c);
        SqlToken what = at(c + 1);
        if (what.is("ENCODE")) {
            throw Refusal.notRedshift("ALTER COLUMN ... ENCODE: the emulator does not implement it; the sink must"
                    + " not use it");
        }
        if (!what.is("TYPE")) {
            throw Refusal.notRedshift("ALTER COLUMN " + column.text() + " " + what.text() + ": Redshift's ALTER COLUMN"
                    + " only changes a VARCHAR's length (TYPE varchar(n)) or the encoding (no SET/DROP NOT NULL, no"
                    + " SET DEFAULT, no SET DATA TYPE)");
        }
        int t = c + 2;
        int lengthAt;
        if (at(t).is("VARCHAR") || at(t).is("NVARCHAR")) {
            lengthAt = t + 2;
        } else if ((at(t).is("CHARACTER") || at(t).is("NCHAR")) && at(t + 1).is("VARYING")) {
            lengthAt = t + 3;
        } else {
            throw Refusal.notRedshift("ALTER COLUMN " + column.text() + " TYPE " + text(t, sig.length - 1)
                    + ": Redshift only changes a VARCHAR column's length in place (\"target column type should be"
                    + " varchar\"); rewrite the column instead");
        }
        if (!at(lengthAt - 1).isSymbol("(") || at(lengthAt).kind() != Kind.NUMBER || !at(lengthAt + 1).isSymbol(")")) {
            throw Refusal.notRedshift("ALTER COLUMN ... TYPE needs an explicit VARCHAR length");
        }
        if (lengthAt + 2 != sig.length) {
            throw Refusal.notRedshift("ALTER COLUMN ... TYPE varchar(n) " + text(lengthAt + 2, sig.length - 1)
                    + ": Redshift takes nothing after the type (no USING, no COLLATE)");
        }
        return new Rewritten.AlterColumnType(table, column.name(), parseLength(at(lengthAt), "varchar"));
    }

    // ---- types ----------------------------------------------------------------------------

    private void types(boolean createTable) throws SQLException {
        Set<Integer> typePositions = typePositions(createTable);
        for (int i = 0; i < sig.length; i++) {
            SqlToken t = tok(i);
            boolean qualified = i > 0 && tok(i - 1).isSymbol(".");
            if (t.is("VARBYTE") && !qualified) {
                int length = DEFAULT_VARBYTE_LENGTH;
                int end = i;
                if (at(i + 1).isSymbol("(")) {
                    if (at(i + 2).kind() != Kind.NUMBER || !at(i + 3).isSymbol(")")) {
                        throw Refusal.syntax("VARBYTE takes a length: varbyte(n)");
                    }
                    length = parseLength(at(i + 2), "varbyte");
                    if (length < 1 || length > MAX_VARBYTE_LENGTH) {
                        throw Refusal.notRedshift("varbyte(" + length + "): Redshift's VARBYTE length is 1 to "
                                + MAX_VARBYTE_LENGTH);
                    }
                    end = i + 3;
                }
                varbyteLengths.add(length);
                replace(i, end, SCHEMA + ".\"varbyte(" + length + ")\"");
                i = end;
            } else if (t.is("SUPER") && !qualified && typePositions.contains(i)) {
                replace(i, i, SCHEMA + ".\"super\"");
            } else if ((t.is("VARCHAR") || t.is("NVARCHAR") || (t.is("VARYING") && i > 0 && tok(i - 1).is("CHARACTER")))
                    && !qualified && at(i + 1).isSymbol("(") && at(i + 2).kind() == Kind.NUMBER) {
                int length = parseLength(at(i + 2), "varchar");
                if (length > MAX_VARCHAR_LENGTH || length < 1) {
                    throw Refusal.notRedshift("varchar(" + length + "): Redshift's VARCHAR length is 1 to "
                            + MAX_VARCHAR_LENGTH + " bytes");
                }
            } else if ((t.is("CHAR") || t.is("CHARACTER") || t.is("BPCHAR")) && !qualified && at(i + 1).isSymbol("(")
                    && at(i + 2).kind() == Kind.NUMBER) {
                int length = parseLength(at(i + 2), "char");
                if (length > MAX_CHAR_LENGTH || length < 1) {
                    throw Refusal.notRedshift("char(" + length + "): Redshift's CHAR length is 1 to " + MAX_CHAR_LENGTH
                            + " bytes");
                }
            }
        }
    }

    /**
     * Where a type name stands: after a column's name in CREATE TABLE and ALTER TABLE ADD [COLUMN],
     * after TYPE, after {@code ::}, and after AS inside CAST( ).
     */
    private Set<Integer> typePositions(boolean createTable) {
        Set<Integer> positions = new HashSet<>();
        boolean alterTable = tok(0).is("ALTER") && at(1).is("TABLE");
        for (int i = 1; i < sig.length; i++) {
            SqlToken prev = tok(i - 1);
            if (prev.isSymbol("::") || prev.is("TYPE")) {
                positions.add(i);
            } else if (prev.is("AS") && opener[i] >= 0 && opener[i] > 0 && tok(opener[i] - 1).is("CAST")
                    && depth[i] == depth[i - 1]) {
                positions.add(i);
            } else if (prev.isIdentifier() && i >= 2) {
                SqlToken before = tok(i - 2);
                if (createTable && depth[i] == 1 && opener[i] >= 0 && depth[opener[i]] == 0
                        && (before.isSymbol("(") || before.isSymbol(","))) {
                    positions.add(i);
                } else if (alterTable && depth[i] == 0 && (before.is("COLUMN") || before.is("ADD"))) {
                    positions.add(i);
                }
            }
        }
        return positions;
    }

    // ---- IDENTITY, dates, format_type ----------------------------------------------------------

    /**
     * {@code IDENTITY(seed, step)} becomes {@code GENERATED ALWAYS AS IDENTITY (START WITH seed
     * INCREMENT BY step)}; Redshift's {@code GENERATED BY DEFAULT AS IDENTITY (seed, step)} keeps BY
     * DEFAULT and gets PostgreSQL's option syntax.
     */
    private void identity() throws SQLException {
        for (int i = 0; i < sig.length; i++) {
            if (!tok(i).is("IDENTITY") || !at(i + 1).isSymbol("(")) {
                continue;
            }
            int j = i + 2;
            StringBuilder seed = new StringBuilder();
            StringBuilder step = new StringBuilder();
            j = signedNumber(j, seed);
            if (j < 0 || !at(j).isSymbol(",")) {
                throw Refusal.syntax("IDENTITY takes (seed, step)");
            }
            j = signedNumber(j + 1, step);
            if (j < 0 || !at(j).isSymbol(")")) {
                throw Refusal.syntax("IDENTITY takes (seed, step)");
            }
            String options = "(START WITH " + seed + " INCREMENT BY " + step + ")";
            if (i > 0 && tok(i - 1).is("AS")) {
                replace(i + 1, j, options);
            } else {
                replace(i, j, "GENERATED ALWAYS AS IDENTITY " + options);
            }
            i = j;
        }
    }

    private int signedNumber(int j, StringBuilder out) {
        if (at(j).isSymbol("-") || at(j).isSymbol("+")) {
            out.append(tok(j).text());
            j++;
        }
        if (at(j).kind() != Kind.NUMBER) {
            return -1;
        }
        out.append(tok(j).text());
        return j + 1;
    }

    private void dates() {
        for (int i = 0; i < sig.length; i++) {
            SqlToken t = tok(i);
            boolean qualified = i > 0 && tok(i - 1).isSymbol(".");
            if (t.is("SYSDATE") && !qualified && !at(i + 1).isSymbol("(") && !at(i + 1).isSymbol(".")) {
                replace(i, i, "(transaction_timestamp() AT TIME ZONE 'UTC')");
            } else if (t.is("GETDATE") && !qualified && at(i + 1).isSymbol("(") && at(i + 2).isSymbol(")")) {
                replace(i, i + 2, "(statement_timestamp() AT TIME ZONE 'UTC')");
                i += 2;
            }
        }
    }

    /**
     * Redshift's own relations and functions the sink uses, as the emulator's stand-ins: the system
     * table {@code STV_SESSIONS} (a view over {@code pg_stat_activity}), {@code FROM_HEX} and {@code TO_HEX}.
     */
    private void redshiftOnly() {
        for (int i = 0; i < sig.length; i++) {
            boolean qualified = i > 0 && tok(i - 1).isSymbol(".");
            if (qualified) {
                continue;
            }
            if (tok(i).is("stv_sessions") && !at(i + 1).isSymbol("(")) {
                replace(i, i, SCHEMA + ".stv_sessions");
            } else if (tok(i).is("from_hex") && at(i + 1).isSymbol("(")) {
                replace(i, i, SCHEMA + ".from_hex");
            } else if (tok(i).is("to_hex") && at(i + 1).isSymbol("(")) {
                replace(i, i, SCHEMA + ".to_hex");
            }
        }
    }

    private void formatType() {
        for (int i = 0; i < sig.length; i++) {
            if (tok(i).is("pg_catalog") && at(i + 1).isSymbol(".") && at(i + 2).is("format_type")
                    && at(i + 3).isSymbol("(")) {
                replace(i, i + 2, SCHEMA + ".format_type");
                i += 2;
            } else if (tok(i).is("format_type") && at(i + 1).isSymbol("(") && (i == 0 || !tok(i - 1).isSymbol("."))) {
                replace(i, i, SCHEMA + ".format_type");
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private static int parseLength(SqlToken number, String type) throws SQLException {
        try {
            return Integer.parseInt(number.text());
        } catch (NumberFormatException e) {
            throw Refusal.syntax("not a length for " + type + ": " + number.text());
        }
    }

    private static final SqlToken NONE = new SqlToken(Kind.WHITESPACE, "");

    private SqlToken tok(int i) {
        return all.get(sig[i]);
    }

    /** The significant token at {@code i}, or an empty token past either end. */
    private SqlToken at(int i) {
        return i >= 0 && i < sig.length ? tok(i) : NONE;
    }

    private List<SqlToken> significantTokens() {
        List<SqlToken> list = new ArrayList<>(sig.length);
        for (int i = 0; i < sig.length; i++) {
            list.add(tok(i));
        }
        return list;
    }

    /** The source text from significant token {@code from} to {@code to} (inclusive). */
    private String text(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int k = sig[from]; k <= sig[to]; k++) {
            s.append(all.get(k).text());
        }
        return s.toString();
    }

    private void replace(int from, int to, String text) {
        for (int k = sig[from]; k <= sig[to]; k++) {
            edits[k] = "";
        }
        edits[sig[from]] = text;
    }

    /** Removes significant tokens {@code from..to} and the whitespace just before them. */
    private void remove(int from, int to) {
        replace(from, to, "");
        int before = sig[from] - 1;
        if (before >= 0 && all.get(before).kind() == Kind.WHITESPACE && edits[before] == null) {
            edits[before] = "";
        }
    }

    private String render() {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < all.size(); k++) {
            s.append(edits[k] != null ? edits[k] : all.get(k).text());
        }
        return s.toString();
    }
}
