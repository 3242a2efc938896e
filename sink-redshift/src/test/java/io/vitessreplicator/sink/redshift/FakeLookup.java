package io.vitessreplicator.sink.redshift;

import java.sql.Connection;
import java.util.Optional;
import java.util.OptionalInt;

/** A catalog with fixed answers. */
record FakeLookup(OptionalInt varcharLength, Optional<String> primaryKeyConstraint) implements RedshiftCatalogLookup {
    static final FakeLookup EMPTY = new FakeLookup(OptionalInt.empty(), Optional.empty());

    @Override
    public OptionalInt varcharLength(Connection c, String qualifiedTable, String column) {
        return varcharLength;
    }

    @Override
    public Optional<String> primaryKeyConstraint(Connection c, String qualifiedTable) {
        return primaryKeyConstraint;
    }
}
