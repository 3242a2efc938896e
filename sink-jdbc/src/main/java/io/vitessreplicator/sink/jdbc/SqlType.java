package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * A column type of the target, as the dialect writes it and as its catalog reports it.
 *
 * @param ddl         how the sink writes it in CREATE TABLE, e.g. {@code timestamp(6)}
 * @param catalogName how the target's catalog prints it, e.g. {@code timestamp(6) without time zone}
 *                    in PostgreSQL's {@code format_type()}; compared with existing tables' columns
 */
public record SqlType(String ddl, String catalogName) {
    public SqlType {
        requireNonNull(ddl, "ddl is null");
        requireNonNull(catalogName, "catalogName is null");
    }

    public static SqlType same(String name) {
        return new SqlType(name, name);
    }
}
