#!/usr/bin/env python3
"""asyncio's ProcessPoolExecutor, timed the way ../shared/bench/asyncio_bench.py times its workloads.

Usage:
  python3 bench/process_pool.py [--runs 5] [--workers 2] [--n p1=2000,p2=1000,p3=1]
                                      [--json OUT.json]

The timing helpers (run_one's CPU-contamination figure, summarize's median/min/max over --runs runs) are
imported from asyncio_bench.py itself, found in ../shared/bench next to the repository root (for a git
worktree elsewhere: next to its main worktree); LOOPFX_SHARED=/path/to/shared overrides. Its counterpart for
loopfx is io.loopfx.bench.ProcessPoolMain in the benchmarks module (same workloads, same sizes).

 p1 process_seq   : `await loop.run_in_executor(pool, f)` n times sequentially, pool =
                    concurrent.futures.ProcessPoolExecutor(max_workers=--workers), f returns None, after one
                    call that starts the workers; us per call (a full round trip to a worker process).
 p2 process_burst : n run_in_executor futures created at once, then gather; calls/s.
 p3 cold_start    : from creating the pool to the first result of run_in_executor(pool, f); ms. Includes
                    starting the worker processes (multiprocessing's default start method, printed).
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor


def _shared_bench_dir():
    shared = os.environ.get("LOOPFX_SHARED")
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [shared] if shared else []
    candidates.append(os.path.join(here, "..", "..", "shared"))
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=here,
                                capture_output=True, text=True).stdout.strip()
        if common:
            candidates.append(os.path.join(os.path.dirname(common), "..", "shared"))
    except OSError:
        pass
    for c in candidates:
        if c and os.path.isfile(os.path.join(c, "bench", "asyncio_bench.py")):
            return os.path.join(c, "bench")
    raise SystemExit("asyncio_bench.py not found in ../shared/bench next to the repository; "
                     "set LOOPFX_SHARED=/path/to/shared")


sys.path.insert(0, _shared_bench_dir())
import asyncio_bench  # noqa: E402  (run_one, summarize, perf: the same timing as the loop workloads)

perf = asyncio_bench.perf
WORKERS = 2


def _trivial_fn():
    return None


async def p1_process_seq(loop, n):
    with ProcessPoolExecutor(max_workers=WORKERS) as ex:
        await asyncio.gather(*[loop.run_in_executor(ex, _trivial_fn) for _ in range(WORKERS)])  # start workers
        t0 = perf()
        for _ in range(n):
            await loop.run_in_executor(ex, _trivial_fn)
        dt = perf() - t0
    return {"value": dt / n * 1e6, "unit": "us/call", "total_s": dt}


async def p2_process_burst(loop, n):
    with ProcessPoolExecutor(max_workers=WORKERS) as ex:
        await asyncio.gather(*[loop.run_in_executor(ex, _trivial_fn) for _ in range(WORKERS)])
        t0 = perf()
        await asyncio.gather(*[loop.run_in_executor(ex, _trivial_fn) for _ in range(n)])
        dt = perf() - t0
    return {"value": n / dt, "unit": "calls/s", "total_s": dt}


async def p3_cold_start(loop, n):
    t0 = perf()
    with ProcessPoolExecutor(max_workers=WORKERS) as ex:
        await loop.run_in_executor(ex, _trivial_fn)
        dt = perf() - t0
    return {"value": dt * 1e3, "unit": "ms to first result"}


BENCH = {"p1": p1_process_seq, "p2": p2_process_burst, "p3": p3_cold_start}
DEFAULT_N = {"p1": 2000, "p2": 1000, "p3": 1}


def main():
    global WORKERS
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--n", default="", help="overrides, e.g. p1=500")
    ap.add_argument("--json")
    args = ap.parse_args()
    WORKERS = args.workers
    table = dict(DEFAULT_N)
    for kv in filter(None, args.n.split(",")):
        k, v = kv.split("=")
        table[k] = int(v)
    asyncio_bench.BENCH.update(BENCH)  # run_one looks the workload up there
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    results = {"loop": "asyncio", "python": sys.version.split()[0], "start_method": multiprocessing.get_start_method(),
               "workers": WORKERS, "cpus": os.cpu_count(), "runs": args.runs,
               "loadavg_start": open("/proc/loadavg").read().split()[:3], "bench": {}}
    print(json.dumps({k: results[k] for k in ("python", "start_method", "workers", "cpus")}), flush=True)
    for key, n in table.items():
        samples = [asyncio_bench.run_one(loop, key, n, r) for r in range(args.runs)]
        summ = asyncio_bench.summarize(samples)
        summ["n"] = n
        summ["samples"] = samples
        results["bench"][key] = summ
        print(f"asyncio  {key:3s} n={n:<6d} median={summ['median']:.4g} {summ['unit']} "
              f"(min {summ['min']:.4g}, max {summ['max']:.4g}) "
              f"other_cpu_cores_median={summ.get('other_cpu_cores_median', 0):.2f}", flush=True)
    results["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    loop.close()


if __name__ == "__main__":
    main()
