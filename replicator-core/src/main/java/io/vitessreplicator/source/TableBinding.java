package io.vitessreplicator.source;

import io.vitess.proto.Query;
import io.vitessreplicator.source.wire.WireResponse;
import io.vitessreplicator.model.TableSchema;

/**
 * A table as one shard's stream last described it: the schema the pipeline sees (excluded columns
 * removed) and how to turn that shard's row images into Java values.
 */
public interface TableBinding {
    TableSchema schema();

    /** One row image in the stream's column order → values in {@link #schema()}'s column order. */
    Object[] decode(Query.Row row);

    /** As {@link #decode(Query.Row)}, for image {@code image} of a response read from the wire. */
    Object[] decode(WireResponse response, int image);
}
