#!/usr/bin/env python3
"""Measurement helpers of bench/run (stdlib only; see bench/run's header for what the figures mean).

    measure.py pids                      the stack's processes, as NAME=PID words for bench/run
    measure.py phase [options] -- CMD..  runs CMD (a replicator, or the native copy) and measures it
    measure.py report DIR                prints the summary of the phase results in DIR

`phase` starts CMD in its own process group, snapshots the CPU counters of the given processes and
of the machine (/proc/stat), then polls every 0.5 s: the replicator's Prometheus metrics
(replicator_changes_applied_total, replicator_batches_committed_total,
replicator_last_commit_timestamp_seconds) and, with --marker, a shell command that prints 1 once
the phase's marker row is in the target. The phase ends when CMD exits (backfill, native copy) or
when the marker is seen (run; CMD is then stopped with SIGTERM). It writes a JSON result.
"""
import argparse
import ctypes
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

HZ = os.sysconf("SC_CLK_TCK")
POLL = 0.5


# ---------------------------------------------------------------- /proc readers

def proc_stat(pid):
    """(comm, utime+stime ticks, cutime+cstime ticks, ppid) of a process or thread, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    comm = s[s.index("(") + 1:s.rindex(")")]
    f = s[s.rindex(")") + 2:].split()
    # f[0] is field 3 (state); fields 14-17 (utime stime cutime cstime) are f[11:15], ppid f[1].
    return comm, int(f[11]) + int(f[12]), int(f[13]) + int(f[14]), int(f[1])


def children(pid):
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out += [int(c) for c in f.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def proc_ticks(pid, tree):
    """CPU ticks a process used so far; with tree, plus its children, live and exited (reaped)."""
    st = proc_stat(pid)
    if st is None:
        return None
    ticks = st[1]
    if tree:
        ticks += st[2]
        for c in children(pid):
            cs = proc_stat(c)
            if cs:
                ticks += cs[1] + cs[2]
    return ticks


def machine():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    v += [0] * (8 - len(v))
    # user nice system idle iowait irq softirq steal (guest is included in user)
    return {"total": sum(v[:8]), "idle": v[3] + v[4], "steal": v[7]}


def read_threads(pid, seen):
    """Updates seen (tid -> (name, CPU seconds)) with the threads of pid now alive."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tids:
        st = proc_stat(f"{pid}/task/{tid}")
        if st is not None:
            seen[tid] = (st[0], st[1] / HZ)


def thread_groups(seen):
    """CPU seconds per thread name without its numbering ("GC Thread#3" -> "GC Thread")."""
    groups = {}
    for name, cpu in seen.values():
        name = re.sub(r"[#\-_ .:]\d+", "", name).strip() or "?"
        if name == "java":  # the launcher's thread that runs main() keeps the process's name
            name = "java (main)"
        groups[name] = groups.get(name, 0) + cpu
    return groups


def listening_pid(port):
    """The pid of the process listening on a TCP port (from /proc/net/tcp* and /proc/*/fd)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    p = line.split()
                    if p[3] == "0A" and int(p[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(f"socket:[{p[9]}]")
        except OSError:
            pass
    if not inodes:
        return None
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                        return int(pid)
                except OSError:
                    pass
        except OSError:
            pass
    return None


def pid_by_args(pattern):
    rx = re.compile(pattern)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if rx.search(args) and int(pid) != os.getpid():
            return int(pid)
    return None


def mysqld_by_config(port):
    """The mysqld whose --defaults-file sets port = PORT (when its sockets cannot be read)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        if not any(a.endswith("mysqld") for a in args):
            continue
        for a in args:
            if a.startswith("--defaults-file="):
                try:
                    with open(a.split("=", 1)[1]) as f:
                        if re.search(rf"^\s*port\s*=\s*{port}\s*$", f.read(), re.M):
                            return int(pid)
                except OSError:
                    pass
    return None


def cmd_pids(_):
    """vtcombo: listens on VTGATE_GRPC (its --grpc-port); mysqld: on vtcombo's --port + 2, which is
    VTGATE_MYSQL's port - 1; postgres: the postmaster on PGPORT; s3proxy: on S3_ENDPOINT's port."""
    grpc = int(os.environ["VTGATE_GRPC"].rsplit(":", 1)[1])
    mysql = int(os.environ["VTGATE_MYSQL"].rsplit(":", 1)[1]) - 1
    pg = int(os.environ["PGPORT"])
    s3 = int(re.search(r":(\d+)", os.environ["S3_ENDPOINT"].split("//")[-1]).group(1))
    found = {
        "vtcombo": listening_pid(grpc) or pid_by_args(rf"/vtcombo .*--grpc-port[ =]{grpc}( |$)"),
        "mysqld": listening_pid(mysql) or mysqld_by_config(mysql),
        "postgres": listening_pid(pg) or pid_by_args(rf"postgres -D \S+ -p {pg}( |$)"),
        "s3proxy": listening_pid(s3) or pid_by_args(r"java .*s3proxy"),
    }
    print(" ".join(f"{k}={v}" for k, v in found.items() if v))


# ---------------------------------------------------------------- phase

STAGED = {}  # the Redshift sink's staged bytes and rows at the last scrape (empty for other sinks)


def scrape(url):
    """(changes applied, batches committed, last commit unix time) from the metrics, or None.
    Also keeps replicator_redshift_staged_{bytes,rows}_total in STAGED."""
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            text = r.read().decode()
    except Exception:
        return None
    values = {}
    for line in text.splitlines():
        m = re.match(r"(replicator_(?:changes_applied_total|batches_committed_total|last_commit_timestamp_seconds"
                     r"|redshift_staged_bytes_total|redshift_staged_rows_total))"
                     r"(?:\{[^}]*\})?\s+(\S+)", line)
        if m:
            values[m.group(1)] = float(m.group(2))
    for k in ("bytes", "rows"):
        if f"replicator_redshift_staged_{k}_total" in values:
            STAGED[k] = values[f"replicator_redshift_staged_{k}_total"]
    if "replicator_changes_applied_total" not in values:
        return None
    return (values["replicator_changes_applied_total"], values.get("replicator_batches_committed_total", 0),
            values.get("replicator_last_commit_timestamp_seconds", 0))


def gc_summary(path):
    """Max heap after GC (MiB), total and longest pause (ms) and full collections from a -Xlog:gc log."""
    unit = {"K": 1 / 1024, "M": 1, "G": 1024}
    heap, marked, pause, longest, count, full = 0.0, 0.0, 0.0, 0.0, 0, 0
    try:
        with open(path) as f:
            for line in f:
                m = re.search(r"\bPause .*?\d+([KMG])->(\d+)([KMG])\(\d+[KMG]\) ([\d.]+)ms", line)
                if m:
                    after = int(m.group(2)) * unit[m.group(3)]
                    heap = max(heap, after)
                    pause += float(m.group(4))
                    longest = max(longest, float(m.group(4)))
                    count += 1
                    full += 1 if "Pause Full" in line else 0
                    # After G1's marking (Remark) or a mixed or full collection the heap holds little
                    # garbage: the closest the log comes to the live set. A young pause's "after"
                    # still counts old regions full of garbage not yet marked.
                    if re.search(r"Pause (Remark|Full|Young \(Mixed\))", line):
                        marked = max(marked, after)
    except OSError:
        return None
    return {"heap_max_mib": heap, "heap_marked_max_mib": marked if marked else None, "gc_pause_ms": pause,
            "gc_pause_max_ms": longest, "gc_count": count, "gc_full": full}


def pdeathsig():
    os.setsid()
    try:  # PR_SET_PDEATHSIG: the child gets SIGTERM if this monitor dies, even by SIGKILL
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except Exception:
        pass


def cmd_phase(a):
    procs = {}
    for spec in a.proc:
        name, pid = spec.split("=")
        procs[name] = (int(pid), name in a.tree)
    log = open(a.log, "ab")
    before = {n: proc_ticks(p, t) for n, (p, t) in procs.items()}
    m0, self0 = machine(), os.times()
    t0 = time.time()
    child = subprocess.Popen(a.cmd, stdout=log, stderr=subprocess.STDOUT, preexec_fn=pdeathsig)

    def stop(*_):
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except OSError:
            pass
        sys.exit(130)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    result = {"phase": a.label, "n": a.n, "ok": False}
    points = {}        # changes applied -> latest commit time seen with that count
    last_batches, last_check, threads, rusage, rc = -1, time.time(), {}, None, None
    end = None
    metrics = None
    marker_checks = 0
    samples = []       # (time, replicator ticks, JIT compiler threads' ticks, {proc: ticks}) per poll
    while True:
        time.sleep(POLL)
        now = time.time()
        pid, status, ru = os.wait4(child.pid, os.WNOHANG)
        if pid:
            rusage, rc = ru, os.waitstatus_to_exitcode(status)
            end = now
            break
        if now - t0 > a.timeout:
            print(f"measure: {a.label}: no end after {a.timeout} s", file=sys.stderr)
            break
        if a.metrics:
            s = scrape(a.metrics)
            if s:
                metrics = s
                if s[2] > 0:
                    points[s[0]] = max(points.get(s[0], 0), s[2])
        read_threads(child.pid, threads)
        st = proc_stat(child.pid)
        if st is not None:
            jit = sum(cpu for name, cpu in threads.values() if "Compiler" in name) * HZ
            samples.append((now, st[1], jit, {n: proc_ticks(p, t) for n, (p, t) in procs.items()}))
        if not a.marker:
            continue
        # Checking the target costs (DuckDB for a lake): only after a commit near the end, and
        # now and then should the metric not say (an unexpected count, or no metrics yet).
        new_commit = metrics is not None and metrics[1] != last_batches
        near_end = metrics is not None and metrics[0] >= 0.9 * a.expect
        if (new_commit and near_end) or now - last_check >= (10 if metrics is None else 30):
            last_check = now
            if metrics is not None:
                last_batches = metrics[1]
            marker_checks += 1
            out = subprocess.run(["bash", "-c", a.marker], capture_output=True, text=True).stdout.strip()
            if out == "1":
                end = time.time()
                break
    failed = None
    if rusage is not None:
        cpu = rusage.ru_utime + rusage.ru_stime
        if a.marker:
            failed = f"exited with {rc} before the marker row reached the target"
        elif rc != 0:
            failed = f"exited with {rc}"
    elif end is None:
        failed = "timed out"
    else:  # the marker is in the target: read the counters, then stop the replicator
        read_threads(child.pid, threads)
        st = proc_stat(child.pid)
        cpu = st[1] / HZ if st else 0.0
        s = scrape(a.metrics) if a.metrics else None
        if s:
            metrics = s
            points[s[0]] = max(points.get(s[0], 0), s[2])
    m1, self1 = machine(), os.times()
    after = {n: proc_ticks(p, t) for n, (p, t) in procs.items()}
    if rusage is None:
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    if failed:
        prog = next((c for c in a.cmd if c != "env" and "=" not in c), a.cmd[0])
        print(f"measure: {a.label}: {prog} {failed}", file=sys.stderr)
        json.dump(result, open(a.out, "w"))
        sys.exit(1)

    # End time: the commit that held the marker (run mode) or the process's exit.
    if a.marker and metrics and t0 < metrics[2] <= end + 1:
        end = min(end, metrics[2])
    wall = end - t0
    result.update(ok=True, wall=wall, cpu=cpu, marker_checks=marker_checks)
    interval = {n: (after[n] - before[n]) / HZ if after[n] is not None and before[n] is not None else None
                for n in procs}
    result["procs"] = interval
    total = m1["total"] - m0["total"]
    result["machine"] = {
        "ncpu": os.cpu_count(),
        "total_s": total / HZ,
        "busy_s": (total - (m1["idle"] - m0["idle"])) / HZ,
        "steal_s": (m1["steal"] - m0["steal"]) / HZ,
    }
    # This monitor and its marker checks; the stopped replicator's own CPU is not in it, because
    # os.times() is read before it is reaped (run mode) or its rusage is subtracted (exit mode).
    result["bench_cpu"] = max(0.0, self1.user + self1.system - self0.user - self0.system
                           + self1.children_user + self1.children_system
                           - self0.children_user - self0.children_system
                           - (cpu if rusage is not None else 0))
    if threads:
        result["threads"] = thread_groups(threads)
    if STAGED.get("rows"):
        result["staged"] = dict(STAGED)
    if metrics:
        total_changes = metrics[0]
        if rusage is not None and a.expect > total_changes:
            # The process exited soon after its last commits, before the poll saw them.
            total_changes = a.expect
        result["metric_changes"] = total_changes
        result["commits_seen"] = len(points)
        pts = sorted(points.items())
        result["first_commit"] = pts[0][1] - t0 if pts else None
        p10 = next((p for p in pts if p[0] >= 0.1 * total_changes), None)
        p90 = next((p for p in pts if p[0] >= 0.9 * total_changes), None)
        if p90 is None and rusage is not None and pts and pts[-1][0] >= 0.5 * total_changes:
            # backfill exits right after its last commits, often before a poll sees them: the
            # window then ends at the last commit seen (at least half way).
            p90 = pts[-1]
        if p10 and p90 and p90[1] > p10[1] and p90[0] > p10[0] and total_changes > 0:
            result["steady"] = (p90[0] - p10[0]) / (p90[1] - p10[1]) * a.n / total_changes
            result["steady_window"] = [p10[1] - t0, p90[1] - t0]
            steady_cpu(result, samples, p10, p90, a.n / total_changes)
    if not metrics:
        # A client that measures itself (bench/VStreamCount.java) prints its steady rate and the
        # window it came from (counts and epoch seconds): the processes' CPU is read in that window.
        try:
            with open(a.log, errors="replace") as f:
                text = f.read()
            found = re.findall(r"steady_rows_per_s=(\d+)", text)
            if found:
                result["steady"] = float(found[-1])
            window = re.findall(r"steady_window=(\d+),([\d.]+),(\d+),([\d.]+)", text)
            if window and samples:
                c10, t10, c90, t90 = (float(x) for x in window[-1])
                result["steady_window"] = [t10 - t0, t90 - t0]
                steady_cpu(result, samples, (c10, t10), (c90, t90), 1.0)
        except OSError:
            pass
    if a.gc_log:
        result["gc"] = gc_summary(a.gc_log)
    json.dump(result, open(a.out, "w"))


def at(samples, t, pick):
    """A cumulative counter of the poll samples at time t, interpolated between the polls around it."""
    before = [x for x in samples if x[0] <= t]
    after = [x for x in samples if x[0] >= t]
    if not before or not after:
        return None
    a, b = before[-1], after[0]
    va, vb = pick(a), pick(b)
    if va is None or vb is None:
        return None
    return va if b[0] == a[0] else va + (vb - va) * (t - a[0]) / (b[0] - a[0])


def steady_cpu(result, samples, p10, p90, scale):
    """CPU per row or change between the 10% and 90% commits: the replicator, without its JIT
    compiler threads, and each measured process; JVM start, warm-up and the tail are left out."""
    changes = (p90[0] - p10[0]) * scale
    if changes <= 0:
        return

    def delta(pick):
        v0, v1 = at(samples, p10[1], pick), at(samples, p90[1], pick)
        return None if v0 is None or v1 is None else (v1 - v0) / HZ

    cpu = delta(lambda x: x[1])
    jit = delta(lambda x: x[2])
    if cpu is None:
        return
    result["steady_cpu_us"] = cpu * 1e6 / changes
    if jit is not None:
        result["steady_jit_us"] = jit * 1e6 / changes
        result["steady_cpu_nojit_us"] = (cpu - jit) * 1e6 / changes
    procs = {}
    for name in samples[0][3]:
        d = delta(lambda x, n=name: x[3].get(n))
        if d is not None:
            procs[name] = d * 1e6 / changes
    result["steady_procs_us"] = procs


def cmd_settle(a):
    """Waits until the given processes use less than --threshold of a CPU over a second."""
    procs = [(spec.split("=")[0], int(spec.split("=")[1])) for spec in a.proc]
    t0 = time.time()
    while True:
        before = [proc_ticks(p, n in a.tree) or 0 for n, p in procs]
        time.sleep(1)
        used = sum((proc_ticks(p, n in a.tree) or 0) - b for (n, p), b in zip(procs, before)) / HZ
        waited = time.time() - t0
        if used < a.threshold or waited >= a.max:
            if waited > 1.5:
                state = "quiet" if used < a.threshold else f"still {used:.2f} CPU, going on"
                print(f"bench: waited {waited:.0f} s for the stack to settle ({state})", file=sys.stderr)
            return


# ---------------------------------------------------------------- report

def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit.endswith("/s") or unit in ("MiB", "ms", "times"):
        return f"{v:,.0f}"
    if unit in ("%",):
        return f"{v:.1f}"
    if unit.startswith("us/"):
        return f"{v:,.1f}"
    if unit == "x":
        return f"{v:.2f}"
    return f"{v:,.2f}"


def triple(values, unit):
    vals = [v for v in values if v is not None]
    if not vals:
        return f"{'n/a':>10} / {'n/a':>10} / {'n/a':>10}"
    return (f"{fmt(min(vals), unit):>10} / {fmt(statistics.median(vals), unit):>10} / "
            f"{fmt(max(vals), unit):>10}")


def cmd_report(a):
    meta = json.load(open(os.path.join(a.dir, "meta.json")))
    runs = {}
    for name in sorted(os.listdir(a.dir), key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)]):
        m = re.fullmatch(r"(.+)-run(\d+)\.json", name)
        if m:
            r = json.load(open(os.path.join(a.dir, name)))
            if r.get("ok"):
                runs.setdefault(m.group(1), []).append(r)
    with open(os.path.join(a.dir, "header.txt")) as f:
        sys.stdout.write(f.read())
    print(f"figures: min / median / max over {meta['runs']} run(s); CPU seconds are over each phase's interval")
    procs = meta["procs"]
    medians = {}
    for phase, title, what in meta["phases"]:
        rs = runs.get(phase)
        if not rs:
            continue
        native = phase == "native" or phase.startswith("vstream")
        one = what[:-1]  # rows -> row, changes -> change
        print(f"\n{title}")

        def line(label, values, unit):
            known = sum(v is not None for v in values)
            partial = f"  (in {known} of {len(values)} runs)" if 0 < known < len(values) else ""
            print(f"  {label:<44} {triple(values, unit)}  {unit}{partial}")
        rate = [r["n"] / r["wall"] for r in rs]
        medians[phase] = statistics.median(rate)
        steady_rates = [r["steady"] for r in rs if r.get("steady")]
        if steady_rates:
            medians[phase + "-steady"] = statistics.median(steady_rates)
        line(f"{what}/s end to end" + (" (JVM start included)" if not native else ""), rate, f"{what}/s")
        if phase.startswith("vstream"):
            line(f"{what}/s steady state (10% -> 90% received)", [r.get("steady") for r in rs], f"{what}/s")
            line(f"VStream client CPU per {one}, steady state", [r.get("steady_cpu_nojit_us") for r in rs],
                 f"us/{one}")
            line(f"  and its JIT compiler threads", [r.get("steady_jit_us") for r in rs], f"us/{one}")
        if not native:
            line(f"{what}/s steady state (10% -> 90% committed)*", [r.get("steady") for r in rs], f"{what}/s")
            line("first commit after", [r.get("first_commit") for r in rs], "s")
            line(f"replicator CPU per {one}, steady state", [r.get("steady_cpu_us") for r in rs], f"us/{one}")
            line(f"  of it JIT compiler threads", [r.get("steady_jit_us") for r in rs], f"us/{one}")
            line(f"  without the JIT compiler threads", [r.get("steady_cpu_nojit_us") for r in rs], f"us/{one}")
        if not native or phase.startswith("vstream"):  # the phases with a steady window
            for p in procs:
                line(f"{p} CPU per {one}, steady state", [(r.get("steady_procs_us") or {}).get(p) for r in rs],
                     f"us/{one}")
        line("wall time", [r["wall"] for r in rs], "s")
        who = "mysql + psql" if phase == "native" else "VStream client" if native else "replicator"
        line(f"{who} CPU per {one}", [r["cpu"] * 1e6 / r["n"] for r in rs], f"us/{one}")
        line(f"{who} CPU", [r["cpu"] for r in rs], "s")
        for p in procs:
            line(f"{p} CPU" + (" (postmaster + backends)" if p == "postgres" else ""),
                 [r["procs"].get(p) for r in rs], "s")

        def other(r):
            known = [r["cpu"], r.get("bench_cpu") or 0] + [r["procs"].get(p) or 0 for p in procs]
            return r["machine"]["busy_s"] - sum(known)
        line("other CPU on the machine (busy - all above)", [other(r) for r in rs], "s")
        line("bench's own CPU (poller, marker checks)", [r.get("bench_cpu") for r in rs], "s")
        line(f"machine busy (% of {rs[0]['machine']['ncpu']} CPUs)",
             [100 * r["machine"]["busy_s"] / r["machine"]["total_s"] for r in rs], "%")
        line("steal", [r["machine"]["steal_s"] for r in rs], "s")
        line("steal (% of all CPUs' time)", [100 * r["machine"]["steal_s"] / r["machine"]["total_s"] for r in rs], "%")
        if not native:
            gcs = [r.get("gc") or {} for r in rs]
            line(f"heap after GC, max ({meta['limits']})", [g.get("heap_max_mib") for g in gcs], "MiB")
            line("heap after a full GC, G1 marking or a mixed GC, max", [g.get("heap_marked_max_mib") for g in gcs], "MiB")
            line("GC pauses, total", [g.get("gc_pause_ms") for g in gcs], "ms")
            line("GC pause, longest", [g.get("gc_pause_max_ms") for g in gcs], "ms")
            line("full collections", [g.get("gc_full") for g in gcs], "times")
            if any(r.get("staged") for r in rs):
                line("staged gzip CSV per staged row (redshift)",
                     [r["staged"]["bytes"] / r["staged"]["rows"] if r.get("staged") else None for r in rs], "bytes")
            groups = set()
            for r in rs:
                groups.update(r.get("threads") or {})
            cpu = {g: [(r.get("threads") or {}).get(g, 0.0) for r in rs] for g in groups}
            for g in sorted(groups, key=lambda g: -statistics.median(cpu[g]))[:a.threads]:
                line(f"thread CPU: {g}", cpu[g], "s")
    if "native" in medians and "copy" in medians:
        print(f"\ncopy / native ceiling (median rows/s / median rows/s): {medians['copy'] / medians['native']:.2f}"
              " end to end" + (f", {medians['copy-steady'] / medians['native']:.2f} in the copy's steady state"
                               if "copy-steady" in medians else ""))
    print("\n* steady state: between the first commit that holds 10% of the phase's rows or changes and the first"
          " that holds 90%\n  (for backfill, which exits soon after its last commit, the last commit a poll saw if"
          " that is past 50%);\n  JVM start, warm-up and the tail are outside it. CPU per row in that window comes"
          " from /proc samples every 0.5 s.")
    if "vstream" in medians and "copy" in medians:
        print(f"copy / VStream ceiling (median rows/s / median rows/s): {medians['copy'] / medians['vstream']:.2f}"
              " end to end" + (f", {medians['copy-steady'] / medians['vstream-steady']:.2f} steady state / steady state"
                               if "copy-steady" in medians and "vstream-steady" in medians else ""))
    if "vstream-backlog" in medians and "backlog" in medians:
        print(f"backlog / VStream streaming ceiling (median changes/s / median changes/s):"
              f" {medians['backlog'] / medians['vstream-backlog']:.2f} end to end"
              + (f", {medians['backlog-steady'] / medians['vstream-backlog-steady']:.2f} steady state / steady state"
                 if "backlog-steady" in medians and "vstream-backlog-steady" in medians else ""))
    footer = os.path.join(a.dir, "footer.txt")
    if os.path.exists(footer):
        with open(footer) as f:
            sys.stdout.write(f.read())


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="sub", required=True)
    sub.add_parser("pids")
    ph = sub.add_parser("phase")
    ph.add_argument("--label", required=True)
    ph.add_argument("--out", required=True)
    ph.add_argument("--log", required=True)
    ph.add_argument("--n", type=int, required=True, help="rows or changes of the phase")
    ph.add_argument("--expect", type=float, default=0, help="changes the metric reaches at the end, about")
    ph.add_argument("--metrics", help="the replicator's /metrics URL")
    ph.add_argument("--marker", help="shell command printing 1 once the phase's end is in the target")
    ph.add_argument("--proc", action="append", default=[], help="NAME=PID whose CPU to count")
    ph.add_argument("--tree", action="append", default=[], help="NAME of a --proc counted with its children")
    ph.add_argument("--gc-log")
    ph.add_argument("--timeout", type=float, default=7200)
    ph.add_argument("cmd", nargs="+")
    st = sub.add_parser("settle")
    st.add_argument("--proc", action="append", default=[])
    st.add_argument("--tree", action="append", default=[])
    st.add_argument("--max", type=float, default=30)
    st.add_argument("--threshold", type=float, default=0.15)
    rp = sub.add_parser("report")
    rp.add_argument("dir")
    rp.add_argument("--threads", type=int, default=6)
    a = p.parse_args()
    {"pids": cmd_pids, "phase": cmd_phase, "settle": cmd_settle, "report": cmd_report}[a.sub](a)


if __name__ == "__main__":
    main()
