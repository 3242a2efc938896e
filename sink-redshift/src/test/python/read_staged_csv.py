#!/usr/bin/env python3
"""Reads staged Redshift CSV parts (gzip) the way COPY ... FORMAT AS CSV QUOTE AS '"'
DELIMITER ',' NULL AS '\\000' reads them, and prints the records as JSON.

An independent check of sink-redshift's RedshiftCsvEncoder: only the standard library
(gzip, csv, json). Usage: read_staged_csv.py PART.csv.gz [PART.csv.gz ...]

Output: {"records": [[field, ...], ...], "quoted": [[bool, ...], ...]} where a field is
null for SQL NULL, else its text.

NULL versus the empty string: Python's csv module returns the same text for "" and for an
empty unquoted field, and for "\\0" and an unquoted NUL byte, so it cannot apply Redshift's
NULL AS rule (the null string only matches an unquoted field). This script therefore
splits each record itself, byte by byte, keeping for every field whether it was quoted;
a field is NULL exactly when it is unquoted and its raw bytes are one NUL byte. It then
also parses the same text with the csv module and fails unless both agree on every
value, so the framing (quotes, doubled quotes, commas and CR/LF inside quotes) is
confirmed by the standard library's own CSV parser.
"""
import csv
import gzip
import io
import json
import sys


class FormatError(Exception):
    pass


def split_records(data):
    """Yields (fields, quoted) per record; strict about everything COPY would reject."""
    i, n = 0, len(data)
    record, quoted = [], []
    if n == 0:
        raise FormatError("empty part: the encoder never writes one")
    if data[-1:] != b"\n":
        raise FormatError("the part does not end with a line feed")
    while i < n:
        if data[i:i + 1] == b'"':
            i += 1
            out = bytearray()
            while True:
                j = data.find(b'"', i)
                if j < 0:
                    raise FormatError("unterminated quoted field at byte %d" % i)
                out += data[i:j]
                if data[j + 1:j + 2] == b'"':
                    out += b'"'
                    i = j + 2
                    continue
                i = j + 1
                break
            raw, was_quoted = bytes(out), True
        else:
            j = i
            while j < n and data[j:j + 1] not in (b",", b"\n"):
                j += 1
            raw, was_quoted = data[i:j], False
            if b'"' in raw or b"\r" in raw:
                raise FormatError("unquoted field with a quote or CR at byte %d: %r" % (i, raw))
            i = j
        record.append(raw)
        quoted.append(was_quoted)
        sep = data[i:i + 1]
        i += 1
        if sep == b",":
            continue
        if sep == b"\n":
            yield record, quoted
            record, quoted = [], []
            continue
        raise FormatError("expected a comma or a line feed after a field at byte %d, got %r" % (i - 1, sep))


def decode(raw, was_quoted):
    if not was_quoted and raw == b"\x00":
        return None  # NULL AS '\000'
    if b"\x00" in raw:
        raise FormatError("a NUL byte inside a value: %r" % raw)
    return raw.decode("utf-8", errors="strict")  # COPY rejects invalid UTF-8 (no ACCEPTINVCHARS)


def read_part(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    records, flags = [], []
    for raw_fields, quoted in split_records(data):
        records.append([decode(r, q) for r, q in zip(raw_fields, quoted)])
        flags.append(quoted)
    # the standard library's reading of the same bytes must give the same texts
    text = io.StringIO(data.decode("utf-8", errors="strict"), newline="")
    by_csv = list(csv.reader(text, delimiter=",", quotechar='"', doublequote=True, strict=True))
    if len(by_csv) != len(records):
        raise FormatError("csv module found %d records, the byte reader %d" % (len(by_csv), len(records)))
    for k, (mine, theirs) in enumerate(zip(records, by_csv)):
        expected = ["\x00" if v is None else v for v in mine]
        if expected != theirs:
            raise FormatError("record %d: csv module read %r, the byte reader %r" % (k, theirs, expected))
    return records, flags


def main(paths):
    if not paths:
        print("usage: read_staged_csv.py PART.csv.gz ...", file=sys.stderr)
        return 2
    records, flags = [], []
    width = None
    for path in paths:
        r, q = read_part(path)
        for rec in r:
            if width is None:
                width = len(rec)
            elif len(rec) != width:
                raise FormatError("%s: a record has %d fields, the first had %d" % (path, len(rec), width))
        records += r
        flags += q
    json.dump({"records": records, "quoted": flags}, sys.stdout, ensure_ascii=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except FormatError as e:
        print("read_staged_csv.py: " + str(e), file=sys.stderr)
        sys.exit(1)
