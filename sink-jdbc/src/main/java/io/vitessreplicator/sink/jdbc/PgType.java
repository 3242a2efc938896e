package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL column type.
 *
 * @param ddl         how this sink writes it in CREATE TABLE, e.g. {@code timestamp(6)}
 * @param catalogName how {@code format_type()} prints it, e.g. {@code timestamp(6) without time zone};
 *                    compared with existing tables' columns
 */
record PgType(String ddl, String catalogName) {
    PgType {
        requireNonNull(ddl, "ddl is null");
        requireNonNull(catalogName, "catalogName is null");
    }

    static PgType same(String name) {
        return new PgType(name, name);
    }
}
