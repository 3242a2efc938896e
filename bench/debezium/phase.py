#!/usr/bin/env python3
"""Runs one measured phase of bench/debezium/run: the DebeziumBench JVM (CMD) until it reports
`done`, and prints one summary line (stdout). Stdlib only; the /proc readers are bench/measure.py's.

    phase.py --phase copy|backlog --n N --expect E --out JSON --log LOG [--proc NAME=PID]... \
             [--tree NAME]... [--timeout S] -- CMD...

N is the nominal rows (copy) or changes (backlog) of the phase; E the change events the harness
applies in it (copy: N; backlog: N + 1, the marker). CMD prints `start`, `batch` and `done` lines
(see DebeziumBench.java): wall clock, events applied, /proc/self/stat CPU ticks after each batch.

Figures (see README.md):
  wall_s            from just before CMD starts (JVM start included) to the batch that completes
                    the phase (copy: the N-th row applied; backlog: the marker row applied)
  e2e_*_per_s       N / wall_s
  steady_*_per_s    (c90 - c10) / (t90 - t10) x N / E between the first batches with at least 10%
                    and 90% of E applied; n/a when these are the same batch (small sizes)
  cpu_us_per_*_e2e  the JVM's utime + stime at the end (from JVM start) / N
  cpu_us_per_*_steady  the JVM's CPU between the same two batches / (c90 - c10)
  first_batch_s     from the start to the first applied batch
  applied           change events applied in the phase (copy: N; backlog: N + 1 with the marker)
  <proc>_cpu_s      CPU of the stack's processes over the phase (bench/measure.py pids)
  busy_pct, steal_s, steal_pct  /proc/stat over the phase, all CPUs
"""
import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ beside bench/measure.py
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import measure  # noqa: E402  (bench/measure.py: proc_ticks, machine)

HZ = os.sysconf("SC_CLK_TCK")


def stop_group(child, grace):
    """SIGTERM to the child's process group, then SIGKILL after grace seconds."""
    if child.poll() is not None:
        return
    try:
        os.killpg(child.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        child.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--phase", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--expect", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--proc", action="append", default=[])
    p.add_argument("--tree", action="append", default=[])
    p.add_argument("--timeout", type=float, default=7200)
    p.add_argument("--label", default="debezium")
    p.add_argument("cmd", nargs="+")
    a = p.parse_args()
    procs = [(s.split("=")[0], int(s.split("=")[1])) for s in a.proc]

    log = open(a.log, "w")
    p0 = {n: measure.proc_ticks(pid, n in a.tree) for n, pid in procs}
    m0 = measure.machine()
    t0 = time.time()
    child = subprocess.Popen(a.cmd, stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
    lines = queue.Queue()

    def reader():
        for line in child.stdout:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=reader, daemon=True).start()

    def on_signal(*_):
        stop_group(child, 30)
        sys.exit(130)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    samples, done, deadline = [], None, t0 + a.timeout
    while done is None:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.time()))
        except queue.Empty:
            line = "timeout"
        if line is None or line == "timeout":
            stop_group(child, 30)
            why = "timed out" if line == "timeout" else f"exited with {child.wait()} before the end"
            print(f"bench/debezium: {a.phase}: the harness {why}; log: {a.log}", file=sys.stderr)
            sys.exit(1)
        log.write("harness: " + line)
        f = line.split()
        if not f or f[0] not in ("batch", "done"):
            continue
        s = {"t": float(f[1]), "applied": int(f[2]), "records": int(f[3]), "ticks": int(f[4]), "cpu_ns": int(f[5])}
        samples.append(s)
        if f[0] == "done":
            done = s
    m1 = measure.machine()
    p1 = {n: measure.proc_ticks(pid, n in a.tree) for n, pid in procs}
    log.flush()
    # The harness closes the engine (committing its offsets) and exits on its own.
    try:
        rc = child.wait(180)
    except subprocess.TimeoutExpired:
        print("bench/debezium: the harness did not exit within 180 s of its end; stopping it "
              "(its offsets may not be stored)", file=sys.stderr)
        stop_group(child, 30)
        rc = child.returncode
    while True:  # the harness's lines after `done` (`end`), into the log
        try:
            line = lines.get_nowait()
        except queue.Empty:
            break
        if line is not None:
            log.write("harness: " + line)
    log.close()
    if rc != 0:
        print(f"bench/debezium: the harness exited with {rc} after the phase; log: {a.log}", file=sys.stderr)
        sys.exit(1)

    wall = done["t"] - t0
    r = {"phase": a.phase, "n": a.n, "expect": a.expect, "wall": wall, "applied": done["applied"],
         "records": done["records"], "cpu_s": done["ticks"] / HZ, "cpu_ns_s": done["cpu_ns"] / 1e9,
         "first_batch_s": samples[0]["t"] - t0, "batches": len(samples)}
    lo = next((s for s in samples if s["applied"] >= 0.1 * a.expect), None)
    hi = next((s for s in samples if s["applied"] >= 0.9 * a.expect), None)
    if lo and hi and hi["t"] > lo["t"] and hi["applied"] > lo["applied"]:
        dc = hi["applied"] - lo["applied"]
        r["steady"] = dc / (hi["t"] - lo["t"]) * a.n / a.expect
        r["steady_cpu_us"] = (hi["ticks"] - lo["ticks"]) / HZ / dc * 1e6
        r["steady_window_s"] = hi["t"] - lo["t"]
    r["procs"] = {n: (p1[n] - p0[n]) / HZ for n, _ in procs if p0.get(n) is not None and p1.get(n) is not None}
    total = m1["total"] - m0["total"]
    r["machine"] = {"total_s": total / HZ, "busy_s": (total - (m1["idle"] - m0["idle"])) / HZ,
                    "steal_s": (m1["steal"] - m0["steal"]) / HZ}
    r["samples"] = samples
    with open(a.out, "w") as f:
        json.dump(r, f, indent=1)

    unit = "rows" if a.phase == "copy" else "changes"
    one = "row" if a.phase == "copy" else "change"
    na = "n/a"
    fields = [
        (f"{unit}", a.n),
        ("wall_s", f"{wall:.2f}"),
        (f"e2e_{unit}_per_s", f"{a.n / wall:.0f}"),
        (f"steady_{unit}_per_s", f"{r['steady']:.0f}" if "steady" in r else na),
        (f"cpu_us_per_{one}_e2e", f"{r['cpu_s'] / a.n * 1e6:.1f}"),
        (f"cpu_us_per_{one}_steady", f"{r['steady_cpu_us']:.1f}" if "steady_cpu_us" in r else na),
        ("jvm_cpu_s", f"{r['cpu_s']:.2f}"),
        ("first_batch_s", f"{r['first_batch_s']:.2f}"),
        ("applied", done["applied"]),
        ("batches", len(samples)),
    ]
    fields += [(f"{n}_cpu_s", f"{v:.2f}") for n, v in r["procs"].items()]
    fields += [("busy_pct", f"{100 * r['machine']['busy_s'] / max(r['machine']['total_s'], 1e-9):.0f}"),
               ("steal_s", f"{r['machine']['steal_s']:.2f}"),
               ("steal_pct", f"{100 * r['machine']['steal_s'] / max(r['machine']['total_s'], 1e-9):.1f}")]
    print(f"{a.label} {a.phase} " + " ".join(f"{k}={v}" for k, v in fields), flush=True)


if __name__ == "__main__":
    main()
