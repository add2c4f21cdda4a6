#!/usr/bin/env python3
"""Combines one sitting of bench/run.sh into docs/bench-results/<stamp>.json and docs/performance.md.

Inputs (in --raw): asyncio.json (asyncio_bench.py --json), jmh.json (JMH -rf json), f.jsonl
(TimerLatenessMain, one line per run), e.jsonl (TaskMemoryMain, one line per fresh JVM); the rest of the
sitting's description comes as options.
Every loopfx figure is converted to asyncio_bench.py's unit and reduced the way it
reduces its runs: the median (JMH: of the measured iterations).
"""
import argparse
import json
import os
import re
import statistics

# key, asyncio name, unit, "higher"/"lower" is better, target factor vs asyncio (None: no target), issue
WORKLOADS = [
    ("a1", "call_soon_all", "callbacks/s", "higher", 10, 2),
    ("a2", "call_soon_batch", "callbacks/s", "higher", 10, 2),
    ("a3", "call_soon_chain", "callbacks/s", "higher", 10, 2),
    ("b", "threadsafe", "callbacks/s", "higher", 10, 2),
    ("f", "timers", "ms late (median)", "lower", 10, 2),
    ("c1", "pingpong_future", "ns/round-trip", "lower", 10, 3),
    ("c2", "pingpong_queue", "ns/round-trip", "lower", 10, 3),
    ("c3", "sleep0", "ns/sleep(0)", "lower", 10, 3),
    ("d", "tasks", "tasks/s", "higher", 20, 3),
    ("e", "memory", "bytes/task", "lower", 2, 3),
    ("g1", "executor_seq", "us/call", "lower", None, 3),
]
JMH_KEY = re.compile(r"\.(a1|a2|a3|b|c1|c2|c3|d|g1)[A-Z]\w*$")


def from_op_micros(key, op_us, n):
    """Converts the time of one JMH operation (a whole workload of n items) to asyncio's unit."""
    unit = dict((w[0], w[2]) for w in WORKLOADS)[key]
    if unit.endswith("/s"):
        return n / (op_us * 1e-6)
    if unit.startswith("ns/"):
        return op_us * 1e3 / n
    if unit == "us/call":
        return op_us / n
    raise ValueError(unit)


def summary(values, **extra):
    out = {"median": statistics.median(values), "min": min(values), "max": max(values), "samples": len(values)}
    out.update(extra)
    return out


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def loopfx_results(raw):
    res = {}
    jmh_path = os.path.join(raw, "jmh.json")
    if os.path.exists(jmh_path):
        with open(jmh_path) as f:
            jmh = json.load(f)
        for b in jmh:
            m = JMH_KEY.search(b["benchmark"])
            if not m:
                continue
            key = m.group(1)
            n = int(b["params"]["n"])
            if b["primaryMetric"]["scoreUnit"] != "us/op":
                raise SystemExit("unexpected JMH unit " + b["primaryMetric"]["scoreUnit"])
            iterations = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
            res[key] = summary([from_op_micros(key, t, n) for t in iterations], n=n, benchmark=b["benchmark"],
                               jmh_score_us_per_op=b["primaryMetric"]["score"],
                               jmh_error_us_per_op=b["primaryMetric"]["scoreError"])
            if key == "b":
                res[key]["exactly_once"] = True  # checked after every operation; a violation fails the benchmark
    f_runs = read_jsonl(os.path.join(raw, "f.jsonl"))
    if f_runs:
        res["f"] = summary([r["value"] for r in f_runs], n=f_runs[0]["n"],
                           p99_ms_median=statistics.median(r["p99_ms"] for r in f_runs),
                           min_ms_median=statistics.median(r["min_ms"] for r in f_runs),
                           max_ms=max(r["max_ms"] for r in f_runs),
                           early_count_total=sum(r["early_count"] for r in f_runs), runs=f_runs)
    e_runs = read_jsonl(os.path.join(raw, "e.jsonl"))
    if e_runs:
        res["e"] = summary([r["value"] for r in e_runs], n=e_runs[0]["n"], gc=e_runs[0]["gc"], runs=e_runs)
    return res


def asyncio_results(raw):
    path = os.path.join(raw, "asyncio.json")
    if not os.path.exists(path):
        return {}, {}
    with open(path) as f:
        a = json.load(f)
    res = {}
    for key, r in a.get("bench", {}).items():
        if "error" in r:
            res[key] = {"error": r["error"], "n": r.get("n")}
            continue
        res[key] = {k: v for k, v in r.items() if k != "samples"}
        if key == "f":
            res[key]["early_count_total"] = sum(s.get("early_count", 0) for s in r["samples"])
            res[key]["max_ms"] = max(s["max_ms"] for s in r["samples"])
    meta = {k: v for k, v in a.items() if k != "bench"}
    return res, meta


def fmt(v):
    if v is None:
        return "—"
    if abs(v) >= 1e6:
        return f"{v / 1e6:.3g} M"
    if abs(v) >= 1e3:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def compare(asy, lfx):
    rows = []
    for key, name, unit, better, target, issue in WORKLOADS:
        a, l = asy.get(key), lfx.get(key)
        a_val = a.get("median") if a and "error" not in a else None
        l_val = l.get("median") if l else None
        ratio = None
        if a_val and l_val:
            ratio = l_val / a_val if better == "higher" else a_val / l_val
        met = None
        if ratio is not None and target is not None:
            met = ratio >= target
        if key == "f" and l:
            met = (met is not False) and l.get("early_count_total", 1) == 0
        rows.append({"key": key, "name": name, "unit": unit, "better": better, "issue": issue,
                     "target": target, "n_asyncio": a.get("n") if a else None, "n_loopfx": l.get("n") if l else None,
                     "asyncio": a_val, "loopfx": l_val, "ratio": ratio, "met": met,
                     "asyncio_error": a.get("error") if a else "not run"})
    return rows


def target_text(row):
    t = row["target"]
    if row["key"] == "e":
        return "≤ ½ of asyncio"
    if row["key"] == "f":
        return f"≥ {t}x less late, none early"
    if t is None:
        return "—"
    return f"≥ {t}x"


def markdown(meta, asy_meta, rows, lfx, asy, result_file):
    smoke = meta["mode"] == "smoke"
    out = ["# Performance", ""]
    out.append(f"Figures from `bench/run.sh`, {meta['date']} — generated by `bench/report.py`; do not edit by hand, "
               "re-run the script.")
    out.append("")
    if smoke:
        out += ["> **SMOKE RUN: tiny sizes and a single short iteration on a busy machine. These figures only prove "
                "that the pipeline works end to end; they are not measurements.** Run `bench/run.sh` (without "
                "`--smoke`) on a quiet machine for the real figures.", ""]
    out += [
        f"- Machine: {meta['cpu']}, {meta['cpus']} cores, {meta['mem_gb']} GB RAM; {meta['os']}. "
        f"Load average at start {meta['loadavg_start']}, at end {meta['loadavg_end']}.",
        f"- JDK: {meta['jdk']}. Python: {asy_meta.get('versions', {}).get('python', '?')} "
        f"(`{asy_meta.get('versions', {}).get('executable', '?')}`), asyncio's default loop.",
        f"- loopfx: commit `{meta['commit']}`.",
        f"- Raw results: [`{result_file}`]({os.path.relpath(result_file, 'docs')}).",
        "",
        "Both sides run the workloads of `../shared/bench/asyncio_bench.py` with the same n and the same "
        "definition of what is timed, one after the other in the same sitting. asyncio: median of "
        f"{asy_meta.get('runs', '?')} runs. loopfx: JMH ({meta['jmh_options']}), median of the measured "
        "iterations, each iteration averaging whole workloads of n items; f and e are plain mains "
        f"({meta['f_options']}; e: {meta['e_runs']} fresh JVMs), median of the runs.",
        "",
        "| workload | n | asyncio | loopfx | unit | loopfx vs asyncio | target (issue) | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        n = r["n_loopfx"] if r["n_loopfx"] is not None else r["n_asyncio"]
        if r["n_asyncio"] is not None and r["n_loopfx"] is not None and r["n_asyncio"] != r["n_loopfx"]:
            n = f"{r['n_asyncio']} / {r['n_loopfx']}"
        a = fmt(r["asyncio"]) if r["asyncio"] is not None else "error" if r["asyncio_error"] else "—"
        l = fmt(r["loopfx"]) if r["loopfx"] is not None else "not measured"
        ratio = "—"
        if r["ratio"] is not None:
            ratio = {"e": f"{1 / r['ratio']:.2f} of asyncio's", "f": f"{r['ratio']:.1f}x less late"}.get(
                r["key"], f"{r['ratio']:.1f}x faster" if r["ratio"] >= 1 else f"{1 / r['ratio']:.1f}x slower")
        met = {True: "yes", False: "**no**", None: "—"}[r["met"]]
        out.append(f"| {r['key']} {r['name']} | {n} | {a} | {l} | {r['unit']} | {ratio} | {target_text(r)} ({r['issue']}) | {met} |")
    out.append("")
    notes = []
    lf, af = lfx.get("f"), asy.get("f")
    if lf:
        notes.append(f"- **f timers**: loopfx p99 {lf['p99_ms_median']:.3g} ms, worst {lf['max_ms']:.3g} ms, "
                     f"**{lf['early_count_total']} timers early** over {len(lf['runs'])} runs of {lf['n']}"
                     + (f"; asyncio p99 {af.get('p99_ms_median', float('nan')):.3g} ms, worst {af['max_ms']:.3g} ms, "
                        f"{af['early_count_total']} early." if af and "error" not in af else "."))
    if "b" in lfx:
        notes.append("- **b threadsafe**: every callback ran exactly once in every operation (checked after each "
                     "one; a violation fails the benchmark)"
                     + (f"; asyncio: exactly once in all runs = {asy['b'].get('all_exactly_once_all_runs')}."
                        if "b" in asy and "error" not in asy["b"] else "."))
    if "e" in lfx:
        notes.append(f"- **e memory**: loopfx counts Java heap used after a full GC ({lfx['e']['gc']}), before and "
                     "after starting n tasks parked in `sleep(1 h)`, over n; asyncio counts process RSS. A JVM's RSS "
                     "mostly reflects heap sizing, so the heap is what a task costs. Both include the array/list "
                     "holding the tasks.")
    if "c2" not in lfx:
        notes.append("- **c2** was not measured: the benchmarks module compiles `PingPongQueueBench` only when "
                     "`io.loopfx.core.sync.AsyncQueue` exists in loop-core.")
    for r in rows:
        if r["loopfx"] is None and r["key"] != "c2":
            notes.append(f"- loopfx {r['key']} produced no result (a failed benchmark, e.g. b's exactly-once check): "
                         f"see the logs kept in `{meta['raw']}`.")
        if r["asyncio"] is None and r["asyncio_error"] and r["asyncio_error"] != "not run":
            notes.append(f"- asyncio {r['key']} failed: {r['asyncio_error'].splitlines()[-1]}")
    notes.append("- g1 has no target in the issues; g2 (executor_burst) is not measured on loopfx.")
    out += ["Notes:", ""] + notes + [""]
    out += [
        "## What is measured",
        "",
        "The workloads are defined in the docstring of `asyncio_bench.py`. On loopfx (package `io.loopfx.bench`): "
        "a1-a3 `CallSoonBench`, b `ThreadsafeBench`, c1 and c3 `TaskSwitchBench`, c2 `PingPongQueueBench`, "
        "d `TaskCreationBench`, g1 `ExecutorBench` (JMH; one operation = the whole workload of n items, converted "
        "to asyncio's unit by `bench/report.py`), f `TimerLatenessMain`, e `TaskMemoryMain` (plain mains). "
        "Each JMH operation also includes entering the loop and starting the task that runs the workload, "
        "a few microseconds against milliseconds of work; asyncio_bench.py starts its clock inside the coroutine. "
        "d waits for its tasks with a future completed by a countdown in their done callbacks (what `gather` "
        "does). The random delays of f have the same distribution as asyncio's, from Java's seeded generator.",
        "",
        "## How to reproduce",
        "",
        "On a quiet machine with JDK 21+ (the script picks one under /usr/lib/jvm if the default `java` is "
        "older), Maven and Debian's `python3`, with `../shared/bench/asyncio_bench.py` next to the repository:",
        "",
        "```",
        "bench/run.sh            # full measurement, both sides, then this page",
        "bench/run.sh --smoke    # tiny sizes: checks the pipeline in about two minutes",
        "```",
        "",
        "It builds `benchmarks/target/benchmarks.jar` (`mvn -Pbench -pl benchmarks -am package -DskipTests`), runs "
        "asyncio_bench.py, the JMH benchmarks of `benchmarks/` (package `io.loopfx.bench`) and the two plain mains "
        "(`TimerLatenessMain` for f, `TaskMemoryMain` for e), writes the raw results to `docs/bench-results/` and "
        "regenerates this page. Close other work first: the machine has 2 cores, and asyncio_bench.py records in "
        "its raw results how much CPU other processes used during each run (`other_cpu_cores`).",
        "",
    ]
    return "\n".join(out)


def machine():
    with open("/proc/cpuinfo") as f:
        models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    u = os.uname()
    return {"cpu": models[0] if models else "?", "cpus": os.cpu_count(), "mem_gb": round(mem_kb / 2**20, 1),
            "os": f"{u.sysname} {u.release} {u.machine}", "loadavg_end": load}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True, help="folder with asyncio.json, jmh.json, f.jsonl, e.jsonl")
    ap.add_argument("--out", required=True, help="combined result file (JSON)")
    ap.add_argument("--md", required=True, help="the performance page to write")
    for opt in ("mode", "date", "jdk", "commit", "loadavg-start", "jmh-options", "f-options", "e-runs"):
        ap.add_argument("--" + opt, required=True)
    args = ap.parse_args()
    meta = {k: v for k, v in vars(args).items() if k not in ("out", "md")}
    meta.update(machine())
    lfx = loopfx_results(args.raw)
    asy, asy_meta = asyncio_results(args.raw)
    rows = compare(asy, lfx)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "asyncio_meta": asy_meta, "comparison": rows, "loopfx": lfx, "asyncio": asy},
                  f, indent=1)
    with open(args.md, "w") as f:
        f.write(markdown(meta, asy_meta, rows, lfx, asy, args.out))
    for r in rows:
        print(f"{r['key']:3s} asyncio {fmt(r['asyncio']):>10s}  loopfx {fmt(r['loopfx']):>10s}  {r['unit']:18s} "
              f"ratio {('%.1f' % r['ratio']) if r['ratio'] else '—':>6s}  met {r['met']}")


if __name__ == "__main__":
    main()
