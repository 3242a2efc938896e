#!/usr/bin/env python3
"""Prints a table's current rows from the Parquet sink's files, read with pyarrow (a reader this
project did not write), in the tester's format: tab-separated, ordered by the primary key.

Usage: parquet-state.py PREFIX_DIR PIPELINE KEYSPACE TABLE KEY COL [COL ...]
PREFIX_DIR is a local copy of s3://<bucket>/<prefix>. Follows sink-parquet-s3/README.md, "Reading
the current state": the files the newest manifest (current.json) names; per key the change with
the highest _seq; deletes dropped.
"""
import json
import os
import sys

import pyarrow.parquet as pq

prefix, pipeline, keyspace, table, key, *cols = sys.argv[1:]
with open(os.path.join(prefix, "_vitess_replicator", pipeline, "current.json")) as f:
    manifest = json.load(f)
files = [fd["path"] for t in manifest["tables"]
         if t["keyspace"] == keyspace and t["table"] == table for fd in t["files"]]
latest = {}
for path in files:
    for row in pq.read_table(os.path.join(prefix, path)).to_pylist():
        k = row[key]
        if k not in latest or row["_seq"] > latest[k]["_seq"]:
            latest[k] = row
for k in sorted(latest):
    row = latest[k]
    if row["_op"] != "delete":
        print("\t".join(str(row[c]) for c in cols))
