"""Counts the current rows of a table the parquet-s3 sink wrote, reading S3Proxy's files directly.

    lake-count.py DATA_DIR BUCKET PREFIX PIPELINE KEYSPACE TABLE [WHERE]

DATA_DIR is S3Proxy's filesystem backend folder (the test stack's); the newest manifest under
PREFIX names the table's files, and DuckDB runs the documented current-state query over them.
Prints the count, or -1 when there is no manifest or no such table yet.
"""
import glob
import json
import os
import sys

import duckdb

data, bucket, prefix, pipeline, keyspace, table = sys.argv[1:7]
where = sys.argv[7] if len(sys.argv) > 7 else "true"
root = os.path.join(data, bucket, prefix)
manifests = sorted(glob.glob(os.path.join(root, "_vitess_replicator", pipeline, "commits", "*.json")))
if not manifests:
    print(-1)
    sys.exit(0)
with open(manifests[-1]) as f:
    m = json.load(f)
entry = next((t for t in m["tables"] if t["keyspace"] == keyspace and t["table"] == table), None)
if entry is None:
    print(-1)
    sys.exit(0)
files = [os.path.join(root, f["path"]) for f in entry["files"]]
if not files:
    print(0)
    sys.exit(0)
key = ", ".join(f'"{k}"' for k in entry["primary_key"])
print(duckdb.connect().execute(
    f"SELECT count(*) FROM (SELECT * FROM read_parquet(?, union_by_name = true)"
    f" QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _seq DESC) = 1) WHERE _op <> 'delete' AND ({where})",
    [files]).fetchone()[0])
