#!/usr/bin/env python3
"""SQL that bench/run sends through vtgate's MySQL port (stdlib, plus `cryptography` or the openssl
command to compute Vitess's hash vindex). TABLE is the source table, R the prepared rows.

    workload.py rows TABLE LO HI PAD [ignore]        canonical rows LO..HI as 5000-row INSERTs
    workload.py backlog TABLE R S                    S changes: S/2 inserts (ids R+1..R+S/2) in
                                                     1000-row INSERTs, then S/2 single-row UPDATEs
                                                     of ids 1..S/2 in 1000-row transactions
    workload.py mix TABLE R S M OFFSET DIR SHARD..   M changes, M/4 of each kind, one file per shard:
                                                     DIR/mix-SHARD.sql (see bench/run's header)
    workload.py restore TABLE R PAD < STATS          SQL bringing the table back to its canonical
                                                     state, from the per-block STATS (`stats` query)
    workload.py stats TABLE R PAD                    the query giving STATS

The canonical row i: (i, i % 7919, i % 100000 + (i % 100) / 100, ('new','paid','shipped')[i % 3],
'note for row i' + PAD, 2025-01-01 00:00:00 + (i % 1000000) microseconds).
"""
import os
import subprocess
import sys

BLOCK = 10000  # vttablet refuses a DML statement that changes more rows than this per shard


def canonical_values(i, pad):
    return (f"({i},{i % 7919},{i % 100000}.{i % 100:02d},'{('new', 'paid', 'shipped')[i % 3]}',"
            f"'note for row {i}{pad}','2025-01-01 00:00:00.{i % 1000000:06d}')")


COLUMNS = "(id, account, amount, status, note, created_at)"


def canonical_sql(pad):
    """A SQL condition true for a row that is still as prepared."""
    return (f"account = id % 7919 AND amount = id % 100000 + (id % 100) / 100"
            f" AND status = ELT(id % 3 + 1, 'new', 'paid', 'shipped')"
            f" AND note <=> CONCAT('note for row ', id, '{pad}')"
            f" AND created_at = TIMESTAMP('2025-01-01 00:00:00') + INTERVAL (id % 1000000) MICROSECOND")


def rows(table, lo, hi, pad, ignore=False, out=sys.stdout):
    verb = "INSERT IGNORE" if ignore else "INSERT"
    for s in range(lo, hi + 1, 5000):
        values = ",".join(canonical_values(i, pad) for i in range(s, min(hi, s + 4999) + 1))
        out.write(f"{verb} INTO {table} {COLUMNS} VALUES {values};\n")


def backlog(table, r, s):
    half = s // 2
    for a in range(1, half + 1, 1000):
        values = ",".join(f"({r + i},{i % 7919},{i}.50,'new','streamed {i}',NOW(6))"
                          for i in range(a, min(half, a + 999) + 1))
        print(f"INSERT INTO {table} {COLUMNS} VALUES {values};")
    for a in range(1, half + 1, 1000):
        print("BEGIN;")
        for i in range(a, min(half, a + 999) + 1):
            print(f"UPDATE {table} SET status = 'paid', amount = amount + 1 WHERE id = {i};")
        print("COMMIT;")


def vindex_hash(ids):
    """Vitess's `hash` vindex: 3DES (a DES) with an all-zero key of the big-endian id."""
    data = b"".join(i.to_bytes(8, "big") for i in ids)
    try:
        try:
            from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
        except ImportError:
            from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES
        from cryptography.hazmat.primitives.ciphers import Cipher, modes
        enc = Cipher(TripleDES(bytes(24)), modes.ECB()).encryptor()
        out = enc.update(data) + enc.finalize()
    except ImportError:
        out = subprocess.run(["openssl", "enc", "-des-ecb", "-K", "0" * 16, "-nopad", "-provider", "legacy",
                              "-provider", "default"], input=data, capture_output=True, check=True).stdout
    assert len(out) == len(data)
    return [out[k * 8:k * 8 + 8] for k in range(len(ids))]


def shard_of(keyspace_ids, shards):
    ranges = []
    for name in shards:
        lo, hi = name.split("-") if "-" in name else ("", "")
        ranges.append((bytes.fromhex(lo), bytes.fromhex(hi) if hi else None, name))
    out = []
    for k in keyspace_ids:
        out.append(next(n for lo, hi, n in ranges if k >= lo and (hi is None or k < hi)))
    return out


def mix(table, r, s, m, offset, out_dir, shards):
    """M/4 each: single-row INSERTs of new ids R+S/2+1.., UPDATEs, DELETEs and primary-key changes
    (id = id + OFFSET) of the prepared ids R-3M/4+1..R, interleaved, in 1000-statement
    transactions; each file holds the statements of one shard, to be sent to that shard."""
    q, half = m // 4, s // 2
    touched = list(range(r - 3 * q + 1, r + 1))
    new = list(range(r + half + 1, r + half + q + 1))
    per = {name: [[], [], [], []] for name in shards}
    for kind, ids in ((None, touched), (0, new)):
        for j, (i, shard) in enumerate(zip(ids, shard_of(vindex_hash(ids), shards))):
            per[shard][kind if kind is not None else 1 + j % 3].append(i)
    counts = [0, 0, 0, 0]
    for name, (ins, upd, dele, pk) in per.items():
        stmts = []
        for k in range(max(len(ins), len(upd), len(dele), len(pk))):
            if k < len(ins):
                i = ins[k]
                stmts.append(f"INSERT INTO {table} {COLUMNS} VALUES ({i},{i % 7919},1.25,'new','mixed {i}',NOW(6));")
            if k < len(upd):
                stmts.append(f"UPDATE {table} SET status = 'paid', amount = amount + 1 WHERE id = {upd[k]};")
            if k < len(dele):
                stmts.append(f"DELETE FROM {table} WHERE id = {dele[k]};")
            if k < len(pk):
                stmts.append(f"UPDATE {table} SET id = id + {offset} WHERE id = {pk[k]};")
        for c, lst in enumerate((ins, upd, dele, pk)):
            counts[c] += len(lst)
        with open(os.path.join(out_dir, f"mix-{name}.sql"), "w") as f:
            for a in range(0, len(stmts), 1000):
                f.write("BEGIN;\n" + "\n".join(stmts[a:a + 1000]) + "\nCOMMIT;\n")
    print(" ".join(map(str, counts)))


def stats(table, r, pad):
    print(f"SELECT id DIV {BLOCK} AS b, SUM(id <= {r}) AS base, SUM(id > {r}) AS extra,"
          f" SUM(id <= {r} AND NOT ({canonical_sql(pad)})) AS changed FROM {table} GROUP BY id DIV {BLOCK}")


def restore(table, r, pad):
    seen = {}
    for line in sys.stdin:
        b, base, extra, changed = (int(float(x)) for x in line.split())
        seen[b] = (base, extra, changed)
    blocks = sorted(set(seen) | set(range(0, r // BLOCK + 1)))
    canon = canonical_sql(pad)
    fixed = 0
    for b in blocks:
        base, extra, changed = seen.get(b, (0, 0, 0))
        lo, hi = max(1, b * BLOCK), min(r, b * BLOCK + BLOCK - 1)
        expected = max(0, hi - lo + 1)
        if not (extra or changed or base != expected):
            continue
        fixed += 1
        if base > expected:  # rows on a shard their id does not hash to: rewrite the block
            print(f"DELETE FROM {table} WHERE id BETWEEN {b * BLOCK} AND {b * BLOCK + BLOCK - 1};")
            rows(table, lo, hi, pad)
            continue
        if extra:
            print(f"DELETE FROM {table} WHERE id BETWEEN {max(r + 1, b * BLOCK)} AND {b * BLOCK + BLOCK - 1};")
        if changed:
            print(f"UPDATE {table} SET account = id % 7919, amount = id % 100000 + (id % 100) / 100,"
                  f" status = ELT(id % 3 + 1, 'new', 'paid', 'shipped'), note = CONCAT('note for row ', id, '{pad}'),"
                  f" created_at = TIMESTAMP('2025-01-01 00:00:00') + INTERVAL (id % 1000000) MICROSECOND"
                  f" WHERE id BETWEEN {lo} AND {hi} AND NOT ({canon});")
        if base < expected:
            rows(table, lo, hi, pad, ignore=True)
    print(f"-- {fixed} blocks", file=sys.stderr)


def main():
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == "rows":
        rows(a[0], int(a[1]), int(a[2]), a[3], ignore=len(a) > 4 and a[4] == "ignore")
    elif cmd == "backlog":
        backlog(a[0], int(a[1]), int(a[2]))
    elif cmd == "mix":
        mix(a[0], int(a[1]), int(a[2]), int(a[3]), int(a[4]), a[5], a[6:])
    elif cmd == "stats":
        stats(a[0], int(a[1]), a[2])
    elif cmd == "restore":
        restore(a[0], int(a[1]), a[2])
    else:
        sys.exit(f"workload.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
