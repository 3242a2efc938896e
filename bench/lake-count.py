"""Counts the current rows of a table the parquet-s3 sink wrote, reading S3Proxy's files directly.

    lake-count.py [--raw] DATA_DIR BUCKET PREFIX PIPELINE KEYSPACE TABLE [WHERE] [SELECT]

DATA_DIR is S3Proxy's filesystem backend folder (the test stack's); the newest manifest under
PREFIX names the table's files, and DuckDB runs the documented current-state query over them.
Prints the count, or -1 when there is no manifest or no such table yet. SELECT (default count(*))
replaces the count by other aggregates over the current rows, printed separated by |, e.g.
"count(*), sum(id), sum(amount)" (bench/run's check that the target equals the source).
--raw counts the matching row versions (not deletes) in the current files without the current-state
query: much cheaper, and the same for a row that is only ever inserted (bench/run's marker rows).
"""
import glob
import json
import os
import sys

import duckdb

args = sys.argv[1:]
raw = bool(args) and args[0] == "--raw"
if raw:
    args = args[1:]
data, bucket, prefix, pipeline, keyspace, table = args[0:6]
where = args[6] if len(args) > 6 else "true"
what = args[7] if len(args) > 7 else "count(*)"
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
if raw:
    query = f"SELECT {what} FROM read_parquet(?, union_by_name = true) WHERE _op <> 'delete' AND ({where})"
else:
    query = (f"SELECT {what} FROM (SELECT * FROM read_parquet(?, union_by_name = true)"
             f" QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _seq DESC) = 1)"
             f" WHERE _op <> 'delete' AND ({where})")
row = duckdb.connect().execute(query, [files]).fetchone()
print("|".join(str(v) for v in row))
