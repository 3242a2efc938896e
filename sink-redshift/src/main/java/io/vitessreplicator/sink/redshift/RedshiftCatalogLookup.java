package io.vitessreplicator.sink.redshift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The two facts about an existing table the schema-change statements depend on: a VARCHAR column's
 * current length (so the widening, which runs outside the batch transaction, is skipped when a
 * retried batch already applied it) and the primary-key constraint's name (to drop it).
 *
 * <p>{@link #INFORMATION_SCHEMA} reads them from {@code information_schema}; its two queries are in
 * the golden files and pass the parser check, but have not run against a Redshift cluster yet.
 */
public interface RedshiftCatalogLookup {

    /** The declared length of {@code column} of {@code qualifiedTable} when it is a VARCHAR, else empty. */
    OptionalInt varcharLength(Connection c, String qualifiedTable, String column) throws SQLException;

    /** The name of the primary-key constraint of {@code qualifiedTable}, if it has one. */
    Optional<String> primaryKeyConstraint(Connection c, String qualifiedTable) throws SQLException;

    /** Parameters: schema, table, column (all unquoted). */
    String VARCHAR_LENGTH_QUERY = "SELECT character_maximum_length FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ? AND column_name = ? AND data_type = 'character varying'";

    /** Parameters: schema, table (unquoted). */
    String PRIMARY_KEY_QUERY = "SELECT constraint_name FROM information_schema.table_constraints"
            + " WHERE table_schema = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY'";

    RedshiftCatalogLookup INFORMATION_SCHEMA = new RedshiftCatalogLookup() {
        @Override
        public OptionalInt varcharLength(Connection c, String qualifiedTable, String column) throws SQLException {
            List<String> parts = RedshiftIdentifiers.unquoteParts(qualifiedTable);
            try (PreparedStatement ps = c.prepareStatement(VARCHAR_LENGTH_QUERY)) {
                ps.setString(1, parts.get(0));
                ps.setString(2, parts.get(1));
                ps.setString(3, column);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
                }
            }
        }

        @Override
        public Optional<String> primaryKeyConstraint(Connection c, String qualifiedTable) throws SQLException {
            List<String> parts = RedshiftIdentifiers.unquoteParts(qualifiedTable);
            try (PreparedStatement ps = c.prepareStatement(PRIMARY_KEY_QUERY)) {
                ps.setString(1, parts.get(0));
                ps.setString(2, parts.get(1));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        }
    };
}
