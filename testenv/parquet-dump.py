#!/usr/bin/env python3
"""An independent Parquet reader for the tests: prints Parquet files as JSON lines, exactly.

Usage: parquet-dump.py FILE.parquet [FILE2 ...]
Run it with the test stack's Python (it needs pyarrow): . testenv/.env && $PARQUET_PYTHON testenv/parquet-dump.py F

Reads each file with pyarrow only (pyarrow.parquet.read_table) and prints, per file, one line
  {"schema": [{"name": N, "type": ARROW_TYPE, "logical": PARQUET_LOGICAL_TYPE|null, "physical": PARQUET_PHYSICAL_TYPE|null}, ...]}
then one line per row, in file order:
  {"row": [V1, V2, ...]}
Each value is encoded exactly and unambiguously (read the column's type from the schema line):
  null -> null; bool -> true/false; integers -> "decimal digits" (64-bit unsigned survives);
  float/double -> float.hex(), e.g. "-0x0.0p+0", "0x1.8000000000000p+1", "nan", "inf", "-inf";
  decimal -> str(Decimal), keeping the scale: "-0.01", "0E-30"; string -> the string;
  binary -> "b64:" + base64; date -> "YYYY-MM-DD"; timestamp (with or without tz), time of day,
  duration -> "us:" + integer microseconds (since the epoch / midnight), or "ns:" + nanoseconds
  when a nanosecond value is not a whole microsecond; list -> [encoded elements];
  struct -> {field: encoded value}; map -> [[key, value], ...]; dictionary -> its value;
  extension types (Parquet JSON -> arrow.json, UUID -> arrow.uuid) -> as their storage
  (string; binary); a date64 that is not a whole day -> "ms:" + integer milliseconds.
Temporal columns are read as their raw integers (cast to int), so no datetime range limits apply.
"logical"/"physical" are those of the column's leaf in ParquetFile(f).schema; for a nested
column (list, struct, map) "physical" is null and "logical" is the group's annotation (e.g. "List").
"""
import base64
import datetime
import json
import os
import re
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pyarrow.types as t

EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
TO_US = {"s": 1_000_000, "ms": 1_000, "us": 1}


def raw_type(ty):
    """The type whose Python values are ty's raw values: temporal types become their integers."""
    if isinstance(ty, pa.BaseExtensionType):  # e.g. arrow.json, arrow.uuid: their storage
        return raw_type(ty.storage_type)
    if t.is_timestamp(ty) or t.is_date64(ty) or t.is_time64(ty) or t.is_duration(ty):
        return pa.int64()
    if t.is_date32(ty) or t.is_time32(ty):
        return pa.int32()
    if t.is_float16(ty):
        return pa.float32()  # exact; plain Python floats then
    if t.is_dictionary(ty):
        return raw_type(ty.value_type)
    if t.is_map(ty):
        return pa.map_(raw_type(ty.key_type), raw_type(ty.item_type), ty.keys_sorted)
    if t.is_large_list(ty):
        return pa.large_list(ty.value_field.with_type(raw_type(ty.value_type)))
    if t.is_fixed_size_list(ty):
        return pa.list_(ty.value_field.with_type(raw_type(ty.value_type)), ty.list_size)
    if t.is_list(ty):
        return pa.list_(ty.value_field.with_type(raw_type(ty.value_type)))
    if hasattr(t, "is_list_view") and t.is_list_view(ty):
        return pa.list_view(ty.value_field.with_type(raw_type(ty.value_type)))
    if hasattr(t, "is_large_list_view") and t.is_large_list_view(ty):
        return pa.large_list_view(ty.value_field.with_type(raw_type(ty.value_type)))
    if t.is_struct(ty):
        return pa.struct([ty.field(i).with_type(raw_type(ty.field(i).type)) for i in range(ty.num_fields)])
    return ty


def micros(n, unit):
    if unit == "ns":
        return "us:%d" % (n // 1000) if n % 1000 == 0 else "ns:%d" % n
    return "us:%d" % (n * TO_US[unit])


def enc(ty, v):
    """Encodes v, a Python value of raw_type(ty), as described in the module docstring."""
    if v is None:
        return None
    if isinstance(ty, pa.BaseExtensionType):
        return enc(ty.storage_type, v)
    if t.is_dictionary(ty):
        return enc(ty.value_type, v)
    if t.is_boolean(ty):
        return bool(v)
    if t.is_integer(ty):
        return str(int(v))
    if t.is_floating(ty):
        return float(v).hex()
    if t.is_decimal(ty):
        return str(v)
    if t.is_string(ty) or t.is_large_string(ty) or (hasattr(t, "is_string_view") and t.is_string_view(ty)):
        return v
    if (t.is_binary(ty) or t.is_large_binary(ty) or t.is_fixed_size_binary(ty)
            or (hasattr(t, "is_binary_view") and t.is_binary_view(ty))):
        return "b64:" + base64.b64encode(v).decode("ascii")
    if t.is_date32(ty):
        return datetime.date.fromordinal(EPOCH_ORDINAL + v).isoformat()
    if t.is_date64(ty):
        days, rest = divmod(v, 86_400_000)
        if rest:
            return "ms:%d" % v  # not a whole day: keep the raw milliseconds
        return datetime.date.fromordinal(EPOCH_ORDINAL + days).isoformat()
    if t.is_timestamp(ty) or t.is_time32(ty) or t.is_time64(ty) or t.is_duration(ty):
        return micros(v, ty.unit)
    if t.is_map(ty):
        return [[enc(ty.key_type, k), enc(ty.item_type, x)] for k, x in v]
    if (t.is_list(ty) or t.is_large_list(ty) or t.is_fixed_size_list(ty)
            or (hasattr(t, "is_list_view") and (t.is_list_view(ty) or t.is_large_list_view(ty)))):
        return [enc(ty.value_type, x) for x in v]
    if t.is_struct(ty):
        return {f.name: enc(f.type, v[f.name]) for f in (ty.field(i) for i in range(ty.num_fields))}
    if t.is_null(ty):
        return None
    raise SystemExit("parquet-dump.py: unsupported Arrow type %s" % ty)


def leaf_count(ty):
    if t.is_struct(ty):
        return sum(leaf_count(ty.field(i).type) for i in range(ty.num_fields))
    if t.is_map(ty):
        return leaf_count(ty.key_type) + leaf_count(ty.item_type)
    if t.is_nested(ty):  # the list kinds
        return leaf_count(ty.value_type)
    return 1


def group_annotations(pq_schema):
    """Top-level group name -> its logical annotation ("List", "Map", ...), from the schema text."""
    out = {}
    for line in str(pq_schema).splitlines():
        # top-level fields are indented by two spaces: "  optional group field_id=-1 xs (List) {"
        m = re.match(r"^  (?:required|optional|repeated) group (?:field_id=-?\d+ )?(.+?)(?: \((\w+)\))? \{$", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def schema_line(path, arrow_schema):
    pq_schema = pq.ParquetFile(path).schema
    groups = group_annotations(pq_schema)
    fields, leaf = [], 0
    for field in arrow_schema:
        n = leaf_count(field.type)
        if n == 1 and not t.is_nested(field.type):
            col = pq_schema.column(leaf)
            logical = str(col.logical_type)
            fields.append({"name": field.name, "type": str(field.type),
                           "logical": None if logical == "None" else logical,
                           "physical": col.physical_type})
        else:
            fields.append({"name": field.name, "type": str(field.type),
                           "logical": groups.get(field.name), "physical": None})
        leaf += n
    return {"schema": fields}


def dump(path, out):
    # INT96 timestamps as microseconds: nanoseconds overflow for dates outside 1677..2262.
    table = pq.read_table(path, coerce_int96_timestamp_unit="us")
    out.write(json.dumps(schema_line(path, table.schema), ensure_ascii=False, allow_nan=False) + "\n")
    types = [f.type for f in table.schema]
    columns = [table.column(i).cast(raw_type(ty)).to_pylist() for i, ty in enumerate(types)]
    for r in range(table.num_rows):
        row = [enc(ty, col[r]) for ty, col in zip(types, columns)]
        out.write(json.dumps({"row": row}, ensure_ascii=False, allow_nan=False) + "\n")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: parquet-dump.py FILE.parquet [FILE2 ...]\n")
        return 2
    sys.stdout.reconfigure(encoding="utf-8")
    try:
        for path in argv[1:]:
            dump(path, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
