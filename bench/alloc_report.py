#!/usr/bin/env python3
"""Prints the allocation profile table (Markdown) from bench/alloc.sh's JMH JSON files, one column per file:
bytes allocated per item (gc.alloc.rate.norm / n), for loopfx's workloads and the peers'."""
import json
import os
import sys

ROWS = [  # (JMH benchmark suffix, what one item is)
    ("CallSoonBench.a1CallSoonAll", "a1 loopfx: one `callSoon`"),
    ("TaskSwitchBench.c1PingPongFuture", "c1 loopfx: one round trip (2 futures, 2 awaits)"),
    ("peers.PeerTaskSwitchBench.c1Raw", "c1 raw continuations: one round trip"),
    ("peers.PeerTaskSwitchBench.c1Kotlinx", "c1 kotlinx: one round trip (`CompletableDeferred`)"),
    ("peers.PeerTaskSwitchBench.c1Virtual", "c1 virtual threads: one round trip"),
    ("TaskSwitchBench.c3Sleep0", "c3 loopfx: one `sleep(0)`"),
    ("peers.PeerTaskSwitchBench.c3Raw", "c3 raw: one yield"),
    ("peers.PeerTaskSwitchBench.c3Kotlinx", "c3 kotlinx: one `yield()`"),
    ("peers.PeerTaskSwitchBench.c3Virtual", "c3 virtual threads: one `Thread.yield()`"),
    ("SleepBench.c4SleepTimer", "c4 loopfx: one `sleep(1 ms)` (a timer; virtual clock)"),
    ("TaskCreationBench.dTasks", "d loopfx: one task created, run and waited for"),
    ("TaskCreationBench.gatherTasks", "d loopfx with `gather`: one task created, run and gathered"),
    ("peers.PeerTaskCreationBench.dRaw", "d raw: one continuation started"),
    ("peers.PeerTaskCreationBench.dKotlinx", "d kotlinx: one `launch` in a scope"),
    ("peers.PeerTaskCreationBench.dVirtual", "d virtual threads: one thread started and joined"),
    ("ExecutorBench.g1ExecutorSeq", "g1 loopfx: one `runInExecutor` call"),
    ("peers.PeerExecutorBench.g1Raw", "g1 raw: one `submit(job).get()` from a platform thread"),
]


def per_item(path):
    out = {}
    with open(path) as f:
        for b in json.load(f):
            norm = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            if norm is None:
                continue
            n = int(b.get("params", {}).get("n", 1))
            out[b["benchmark"].split("io.loopfx.bench.", 1)[-1]] = norm["score"] / n
    return out


def main(paths):
    labels = [os.path.splitext(os.path.basename(p))[0] for p in paths]
    data = [per_item(p) for p in paths]
    print("| workload, per item | " + " | ".join(f"`{l}`" for l in labels) + " |")
    print("|---|" + "---|" * len(labels))
    for key, what in ROWS:
        if not any(key in d for d in data):
            continue
        cells = [f"{d[key]:.0f}" if key in d else "–" for d in data]
        print(f"| {what} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: alloc_report.py RESULT.json [RESULT.json ...]")
    main(sys.argv[1:])
