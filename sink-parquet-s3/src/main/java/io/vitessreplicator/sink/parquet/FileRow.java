package io.vitessreplicator.sink.parquet;

/**
 * One row of a data file: the row's values (the after image; for a delete, the before image),
 * and the change's metadata columns.
 *
 * @param op          {@code copy}, {@code insert}, {@code update} or {@code delete}
 * @param seq         orders every change of a key across the pipeline: the commit's sequence in
 *                    the high 32 bits, the change's place in the commit in the low 32
 * @param committedAt the source's commit time, microseconds since the epoch (UTC)
 * @param before      the before image of an update or delete when before images are written, else null
 */
record FileRow(Object[] data, String op, long seq, long committedAt, String keyspace, String shard, Object[] before) {
    static final String COPY = "copy";
    static final String INSERT = "insert";
    static final String UPDATE = "update";
    static final String DELETE = "delete";
}
