#!/usr/bin/env python3
"""Summarises a JFR recording of the replicator: where the CPU and the allocations go, and the heap.

    bench/jfr-top.py RECORDING.jfr [N]     (N frames per table, default 15)

Reads the recording with the JDK's own `jfr` tool (JSON output) and prints:
  - CPU samples by thread, then the top frames by self time and by total (inclusive) time,
    counting only the replicator's threads that ran (jdk.ExecutionSample);
  - allocation by frame (jdk.ObjectAllocationSample, weighted by the bytes each sample stands for);
  - the heap after each GC (max and last) and the GC pause total (jdk.GCHeapSummary,
    jdk.GarbageCollection).
A frame is `Class.method` without the package, so the tables fit docs/benchmarks.md.
"""
import collections
import json
import os
import subprocess
import sys


def events(path, names):
    jfr = os.path.join(os.environ["JAVA_HOME"], "bin", "jfr") if os.environ.get("JAVA_HOME") else "jfr"
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "96", "--events", ",".join(names), path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def iso_seconds(duration):
    """PT0.0097S (JFR's JSON duration) to seconds."""
    if not duration or not duration.startswith("PT"):
        return 0.0
    value, seconds = duration[2:], 0.0
    for unit, scale in (("H", 3600), ("M", 60), ("S", 1)):
        if unit in value:
            part, value = value.split(unit, 1)
            seconds += float(part) * scale
    return seconds


def frame_name(frame):
    method = frame["method"]
    cls = method["type"]["name"].replace("/", ".").rsplit(".", 1)[-1].replace("$", ".")
    return f"{cls}.{method['name']}"


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    return [frame_name(f) for f in stack.get("frames") or []]


def table(title, counter, total, n, unit="%"):
    print(f"\n{title}")
    for name, value in counter.most_common(n):
        share = 100.0 * value / total if total else 0
        print(f"  {share:5.1f}{unit}  {name}")


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    samples = events(path, ["jdk.ExecutionSample"])
    by_thread = collections.Counter()
    self_time = collections.Counter()
    total_time = collections.Counter()
    for e in samples:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        by_thread[thread] += 1
        stack = frames(e)
        if not stack:
            continue
        self_time[stack[0]] += 1
        for name in set(stack):
            total_time[name] += 1
    count = len(samples)
    print(f"{path}: {count} CPU samples")
    table("CPU by thread", by_thread, count, 8)
    table("CPU self (top frame)", self_time, count, n)
    table("CPU total (frame anywhere on the stack)", total_time, count, n)

    alloc = collections.Counter()
    alloc_total = 0
    for e in events(path, ["jdk.ObjectAllocationSample"]):
        weight = e["values"].get("weight") or 0
        stack = frames(e)
        alloc_total += weight
        # The first frame of ours (or of a library) that is not the JDK's own collections/strings.
        top = next((f for f in stack if not f.startswith(("Arrays.", "String", "AbstractStringBuilder.",
                                                          "ArrayList.", "HashMap.", "Integer.", "Long."))),
                   stack[0] if stack else "?")
        alloc[top] += weight
    print(f"\nallocated (sampled estimate): {alloc_total / 2**20:,.0f} MiB")
    table("allocation by first non-JDK-collection frame", alloc, alloc_total, n)

    heap = [e["values"]["heapUsed"] for e in events(path, ["jdk.GCHeapSummary"])
            if e["values"].get("when") == "After GC"]
    gcs = events(path, ["jdk.GarbageCollection"])
    pause_s = sum(iso_seconds(e["values"].get("sumOfPauses")) for e in gcs)
    if heap:
        print(f"\nheap after GC: max {max(heap) / 2**20:,.0f} MiB, last {heap[-1] / 2**20:,.0f} MiB;"
              f" {len(gcs)} collections, pauses {pause_s * 1e3:,.0f} ms in total")


if __name__ == "__main__":
    main()
