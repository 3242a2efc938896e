-- The current rows of customer.orders (primary key id), as pipeline orders-lake wrote them to
-- s3://lake/vitess/. Needs DuckDB 1.1 or later, with httpfs and an S3 secret for s3:// paths
-- (see sink-parquet-s3/README.md, "Reading the current state").

-- 1. The table's live files, from the pipeline's newest manifest.
SET VARIABLE orders_files = (
    SELECT list('s3://lake/vitess/' || f)
    FROM (SELECT unnest(json_extract_string(t, '$.files[*].path')) AS f
          FROM (SELECT unnest(json_extract(json, '$.tables[*]')) AS t
                FROM read_json_objects('s3://lake/vitess/_vitess_replicator/orders-lake/current.json'))
          WHERE json_extract_string(t, '$.keyspace') = 'customer' AND json_extract_string(t, '$.table') = 'orders'));

-- 2. The latest change of each key, unless it is a delete.
SELECT * EXCLUDE (_op, _seq, _committed_at, _keyspace, _shard)
FROM (SELECT * FROM read_parquet(getvariable('orders_files'), union_by_name = true)
      QUALIFY row_number() OVER (PARTITION BY id ORDER BY _seq DESC) = 1)
WHERE _op <> 'delete'
ORDER BY id;
