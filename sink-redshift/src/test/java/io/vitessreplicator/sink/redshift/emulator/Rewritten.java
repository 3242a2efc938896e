package io.vitessreplicator.sink.redshift.emulator;

import java.util.Set;

/**
 * What the emulator does with one statement of the caller, decided by {@link SqlRewriter} from the
 * text alone; the checks that need the connection (transaction state, catalog) are listed here and
 * made at execution.
 *
 * @param action         what to do
 * @param sql            for {@link Action#EXECUTE}: the PostgreSQL text to run; otherwise the caller's text
 * @param copy           for {@link Action#COPY}: the parsed COPY
 * @param varbyteLengths the {@code _vr_emulator."varbyte(n)"} domains the rewritten text uses
 * @param truncate       a TRUNCATE (refused inside a transaction)
 * @param alterColumn    an {@code ALTER TABLE ... ALTER COLUMN ... TYPE varchar(n)}, else null
 */
record Rewritten(Action action, String sql, CopyCommand copy, Set<Integer> varbyteLengths, boolean truncate,
                 AlterColumnType alterColumn) {

    enum Action {
        /** Run {@link #sql()} on PostgreSQL. */
        EXECUTE,
        /** Run nothing (Redshift-only session settings PostgreSQL already behaves as). */
        NO_OP,
        /** Emulate the COPY from S3. */
        COPY
    }

    /**
     * An {@code ALTER TABLE t ALTER COLUMN c TYPE varchar(newLength)}.
     *
     * @param table  the table as written (quoted or not, possibly qualified)
     * @param column the column's name (unquoted, case as PostgreSQL stores it)
     */
    record AlterColumnType(String table, String column, int newLength) {}
}
