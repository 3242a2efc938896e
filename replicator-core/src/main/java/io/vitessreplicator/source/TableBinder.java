package io.vitessreplicator.source;

import binlogdata.Binlogdata;
import io.vitessreplicator.model.TableId;
import java.util.Optional;

/** Turns a FIELD event into a {@link TableBinding}, or empty when the table is not replicated. */
public interface TableBinder {
    Optional<TableBinding> bind(TableId table, Binlogdata.FieldEvent fields);
}
