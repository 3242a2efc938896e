#!/usr/bin/env python3
"""Top functions of a Go process in a `perf record -g` profile, for Vitess's stripped binaries.

    perf record -F 499 -g -p "$(pgrep -x vtcombo)" -o vtcombo.perf -- sleep 8
    python3 bench/perf-go-top.py vtcombo.perf /var/cache/vitess-replicator/vitess-v0.24.3/bin/vtcombo [N]

testenv builds Vitess with `-ldflags='-s -w'`, so perf finds no symbols in it. Go keeps its own
function table (pclntab) in the binary anyway, and `go tool addr2line` reads it: this script asks
perf for the raw addresses of every sample's stack and names them that way. It prints the share of
samples by function, self (the leaf) and inclusive (anywhere on the stack), N lines each
(default 40). Frames outside the binary (kernel, vdso) are shown by their object's name.
"""
import collections
import subprocess
import sys


def load_base(binary):
    """The virtual address of the binary's first loadable segment (file offset 0)."""
    out = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "LOAD" and int(f[1], 16) == 0:
            return int(f[2], 16)
    raise SystemExit(f"{binary}: no LOAD segment at file offset 0")


def samples(data):
    out = subprocess.run(["perf", "script", "-i", data, "-F", "ip,dso"], capture_output=True, text=True,
                         check=True).stdout
    stack = []
    for line in out.splitlines():
        line = line.strip()
        if not line:
            if stack:
                yield stack
                stack = []
            continue
        ip, _, dso = line.partition(" ")
        stack.append((ip, dso))
    if stack:
        yield stack


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    data, binary = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    name = binary.rsplit("/", 1)[-1]
    stacks = list(samples(data))
    # perf prints addresses in a stripped static binary relative to its mapping at file offset 0
    base = load_base(binary)
    ips = sorted({ip for s in stacks for ip, dso in s if name in dso})
    lines = subprocess.run(["go", "tool", "addr2line", binary], capture_output=True, text=True, check=True,
                           input="".join(hex(int(ip, 16) + base) + "\n" for ip in ips)).stdout.splitlines()
    func = {ip: lines[2 * i] for i, ip in enumerate(ips)}

    def frame(ip, dso):
        return func.get(ip, "?") if name in dso else dso

    self_count = collections.Counter()
    incl = collections.Counter()
    for s in stacks:
        self_count[frame(*s[0])] += 1
        for f in {frame(*x) for x in s}:
            incl[f] += 1
    n = len(stacks)
    print(f"{n} samples of {name}")
    for title, counts in (("self", self_count), ("inclusive", incl)):
        print(f"== {title}")
        for f, c in counts.most_common(top):
            print(f"{100 * c / n:5.1f}%  {f.replace('vitess.io/vitess/go/', '')}")


if __name__ == "__main__":
    main()
