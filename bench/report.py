#!/usr/bin/env python3
"""Combines one sitting of bench/run.sh into docs/bench-results/<stamp>.json and docs/performance.md.

Inputs (in --raw): asyncio.json (asyncio_bench.py --json), jmh.json (JMH -rf json), f.jsonl
(TimerLatenessMain, one line per run), e.jsonl (TaskMemoryMain, one line per fresh JVM), fx-monocle.jsonl and
fx-gtk.jsonl (the FX mains of io.loopfx.bench.fx, one line per workload), qasync.json (asyncio_bench.py
--loop qasync, when it ran), and with --peers yes the peers' results (see bench/peers_report.py); the rest of
the sitting's description comes as options.
Every loopfx figure is converted to asyncio_bench.py's unit and reduced the way it
reduces its runs: the median (JMH: of the measured iterations).
"""
import argparse
import json
import os
import sys
import re
import statistics

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from figures import fmt, read_jsonl, summary  # noqa: E402
import peers_report  # noqa: E402  (the peers' section, issue 16)
import process_pool_report  # noqa: E402  (the process-pool section comes from its own sitting, bench/process_pool.sh)

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


def loopfx_results(raw):
    res = {}
    jmh_path = os.path.join(raw, "jmh.json")
    if os.path.exists(jmh_path):
        with open(jmh_path) as f:
            jmh = json.load(f)
        for b in jmh:
            m = JMH_KEY.search(b["benchmark"])
            if not m or ".peers." in b["benchmark"]:
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
        cold = [r["cold_value"] for r in e_runs if "cold_value" in r]
        res["e"] = summary([r["value"] for r in e_runs], n=e_runs[0]["n"], gc=e_runs[0]["gc"], runs=e_runs,
                           warmup_rounds=e_runs[0].get("warmup_rounds"),
                           cold_median=statistics.median(cold) if cold else None,
                           cold_max=max(cold) if cold else None)
    return res


def python_results(raw, name="asyncio"):
    """Reads asyncio_bench.py's --json output NAME.json (asyncio, qasync): per-workload summaries and the meta."""
    path = os.path.join(raw, name + ".json")
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
    return res, without_local_paths(meta)


def without_local_paths(meta):
    """Names the qasync copy as $QASYNC_PATH/...: a folder of the measuring machine belongs in no published result."""
    folder = os.environ.get("QASYNC_PATH", "").rstrip("/")
    if not folder:
        return meta
    return json.loads(json.dumps(meta).replace(json.dumps(folder)[1:-1], "$QASYNC_PATH"))


FX_PLATFORMS = [("monocle", "Monocle (headless)"), ("gtk", "GTK under Xvfb")]
# issue 4's targets hold on GTK; on Monocle the figures are shown without a verdict
FX_TARGET_RATIO = 50
FX_TARGET_P99_MS = 2.0
FX_TARGET_GAP_MS = 50.0
FX5_TARGET_BUDGETS = 2.0  # issue 14: timer lateness p99 under a flood below two slice budgets (GTK)


def fx_results(raw):
    """Reads fx-<platform>.jsonl: {platform: {workload: its JSON line}} (the last line of each workload wins)."""
    res = {}
    for platform, _ in FX_PLATFORMS:
        lines = read_jsonl(os.path.join(raw, f"fx-{platform}.jsonl"))
        if lines:
            res[platform] = {line["workload"]: line for line in lines}
    return res


def fx_verdicts(fx):
    """Issue 4's targets against the GTK figures: {check: True/False/None (not measured)}."""
    gtk = fx.get("gtk", {})

    def ok(key):
        r = gtk.get(key)
        return r if r and "error" not in r else None

    v = {}
    for key in ("fx1", "fx2"):
        r = ok(key)
        v[key] = None if r is None else r["ratio"] >= FX_TARGET_RATIO and r.get("exactly_once", True)
    r = ok("fx3")
    v["fx3_p99"] = None if r is None else max(r["loop_clock"]["p99_ms"], r["nanotime"]["p99_ms"]) < FX_TARGET_P99_MS
    v["fx3_early"] = None if r is None else r["loop_clock"]["early_count_total"] + r["nanotime"]["early_count_total"] == 0
    r = ok("fx4")
    v["fx4"] = None if r is None else r["max_gap_ms"] <= FX_TARGET_GAP_MS
    r = ok("fx5")
    v["fx5"] = None if r is None else r["p99_in_budgets"] < FX5_TARGET_BUDGETS
    return v


def compare(asy, lfx, qa):
    rows = []
    for key, name, unit, better, target, issue in WORKLOADS:
        a, l, q = asy.get(key), lfx.get(key), qa.get(key)
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
                     "asyncio_error": a.get("error") if a else "not run",
                     "qasync": q.get("median") if q and "error" not in q else None,
                     "n_qasync": q.get("n") if q else None, "qasync_error": q.get("error") if q else "not run"})
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


def markdown(meta, asy_meta, rows, lfx, asy, result_file, qa, qa_meta, fx, peers):
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
        "- qasync: " + qasync_text(qa_meta, meta),
        f"- Raw results: [`{result_file}`]({os.path.relpath(result_file, 'docs')}).",
        "",
        "Both sides run the workloads of `../shared/bench/asyncio_bench.py` with the same n and the same "
        "definition of what is timed, one after the other in the same sitting. asyncio: median of "
        f"{asy_meta.get('runs', '?')} runs. loopfx: JMH ({meta['jmh_options']}), median of the measured "
        "iterations, each iteration averaging whole workloads of n items; f and e are plain mains "
        f"({meta['f_options']}; e: {meta['e_runs']} fresh JVMs), median of the runs. qasync (column for "
        "reference, no target): the same script with `--loop qasync`, its own smaller n for Qt loops (n column: "
        "asyncio / qasync / loopfx where they differ).",
        "",
        "| workload | n | asyncio | qasync | loopfx | unit | loopfx vs asyncio | target (issue) | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ns = [x for x in (r["n_asyncio"], r["n_qasync"], r["n_loopfx"]) if x is not None]
        n = " / ".join(str(x) for x in ns) if len(set(ns)) > 1 else (ns[0] if ns else "—")
        a = fmt(r["asyncio"]) if r["asyncio"] is not None else "error" if r["asyncio_error"] else "—"
        q = fmt(r["qasync"]) if r["qasync"] is not None else "not run" if r["qasync_error"] == "not run" else "error"
        l = fmt(r["loopfx"]) if r["loopfx"] is not None else "not measured"
        ratio = "—"
        if r["ratio"] is not None:
            ratio = {"e": f"{1 / r['ratio']:.2f} of asyncio's", "f": f"{r['ratio']:.1f}x less late"}.get(
                r["key"], f"{r['ratio']:.1f}x faster" if r["ratio"] >= 1 else f"{1 / r['ratio']:.1f}x slower")
        met = {True: "yes", False: "**no**", None: "—"}[r["met"]]
        out.append(f"| {r['key']} {r['name']} | {n} | {a} | {q} | {l} | {r['unit']} | {ratio} | {target_text(r)} ({r['issue']}) | {met} |")
    out.append("")
    notes = []
    lf, af, qf = lfx.get("f"), asy.get("f"), qa.get("f")
    if lf:
        notes.append(f"- **f timers**: loopfx p99 {lf['p99_ms_median']:.3g} ms, worst {lf['max_ms']:.3g} ms, "
                     f"**{lf['early_count_total']} timers early** over {len(lf['runs'])} runs of {lf['n']}"
                     + (f"; asyncio p99 {af.get('p99_ms_median', float('nan')):.3g} ms, worst {af['max_ms']:.3g} ms, "
                        f"{af['early_count_total']} early" if af and "error" not in af else "")
                     + (f"; qasync p99 {qf.get('p99_ms_median', float('nan')):.3g} ms, worst {qf['max_ms']:.3g} ms, "
                        f"{qf['early_count_total']} early" if qf and "error" not in qf else "") + ".")
    if "b" in lfx:
        notes.append("- **b threadsafe**: every callback ran exactly once in every operation (checked after each "
                     "one; a violation fails the benchmark)"
                     + (f"; asyncio: exactly once in all runs = {asy['b'].get('all_exactly_once_all_runs')}."
                        if "b" in asy and "error" not in asy["b"] else "."))
    if "e" in lfx:
        notes.append(f"- **e memory**: loopfx counts Java heap used after a full GC ({lfx['e']['gc']}), before and "
                     "after starting n tasks parked in `sleep(1 h)`, over n; asyncio counts process RSS. A JVM's RSS "
                     "mostly reflects heap sizing, so the heap is what a task costs. Both include the array/list "
                     "holding the tasks."
                     + (f" The figure is the JIT-warmed steady state (after {lfx['e']['warmup_rounds']} rounds of "
                        f"10,000 parked tasks); the same JVMs measured cold, right after class loading while the "
                        f"code still runs interpreted (larger frozen frames), gave median "
                        f"{lfx['e']['cold_median']:,.0f} bytes/task, worst {lfx['e']['cold_max']:,.0f}."
                        if lfx['e'].get('cold_median') is not None else ""))
    if "c2" not in lfx:
        notes.append("- **c2** was not measured: the benchmarks module compiles `PingPongQueueBench` only when "
                     "`io.loopfx.core.sync.AsyncQueue` exists in loop-core.")
    for r in rows:
        if r["loopfx"] is None and r["key"] != "c2":
            notes.append(f"- loopfx {r['key']} produced no result (a failed benchmark, e.g. b's exactly-once check): "
                         f"see the logs kept in `{meta['raw']}`.")
        if r["asyncio"] is None and r["asyncio_error"] and r["asyncio_error"] != "not run":
            notes.append(f"- asyncio {r['key']} failed: {r['asyncio_error'].splitlines()[-1]}")
        if r["qasync"] is None and r["qasync_error"] and r["qasync_error"] != "not run":
            notes.append(f"- qasync {r['key']} failed: {r['qasync_error'].splitlines()[-1]}")
    notes.append("- g1 has no target in the issues; g2 (executor_burst) is not measured on loopfx.")
    out += ["Notes:", ""] + notes + [""]
    out += fx_markdown(fx, meta, asy, qa)
    out += peers_report.section(peers, meta, lfx)
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
        "does). The random delays of f have the same distribution as asyncio's, from Java's seeded generator. "
        "The JVM's peers (issue 16) run the same workloads in package `io.loopfx.bench.peers`: see their section.",
        "",
        "## How to reproduce",
        "",
        "On a quiet machine with JDK 21+ (the script picks one under /usr/lib/jvm if the default `java` is "
        "older), Maven and Debian's `python3`, with `../shared/bench/asyncio_bench.py` next to the repository:",
        "",
        "```",
        "bench/run.sh            # full measurement (about 10 minutes), then this page",
        "bench/run.sh --smoke    # tiny sizes: checks the pipeline in about two minutes",
        "bench/run.sh --peers    # also the JVM's peers (issue 16): about 9 minutes more",
        "QASYNC_PATH=/path/to/folder-with-qasync QASYNC_SOURCE='qasync <repo> @<commit>' bench/run.sh   # qasync too",
        "```",
        "",
        "The FX half needs `xvfb-run` and GTK 3 for its GTK runs (`apt-get install -y xvfb xauth libgtk-3-0`); "
        "the qasync column needs PyQt5 (`apt-get install -y python3-pyqt5`) and a copy of the `qasync` package "
        "source (not packaged by Debian; the script uses it only when `QASYNC_PATH` is set, and no copy belongs "
        "in this repository).",
        "",
        "It builds `benchmarks/target/benchmarks.jar` (`mvn -Pbench -pl benchmarks -am package -DskipTests`), runs "
        "asyncio_bench.py, the JMH benchmarks of `benchmarks/` (package `io.loopfx.bench`) and the two plain mains "
        "(`TimerLatenessMain` for f, `TaskMemoryMain` for e), the four FX mains on Monocle and on GTK under Xvfb "
        "(each in a fresh JVM), with `--peers` the peers' JMH benchmarks, `PeerMemoryMain` and the two FX peer mains, "
        "asyncio_bench.py with qasync if asked, writes the raw results to "
        "`docs/bench-results/` (the logs stay in `target/bench/`) and regenerates this page. Close other work first: the machine has 2 cores, and asyncio_bench.py records in "
        "its raw results how much CPU other processes used during each run (`other_cpu_cores`).",
        "",
    ]
    return "\n".join(out)


def qasync_text(qa_meta, meta):
    """One line on the qasync run of this sitting, for the page's header."""
    if not qa_meta:
        return ("not measured in this sitting (`bench/run.sh` measures it only when `QASYNC_PATH` is set; see "
                "\"How to reproduce\").")
    v = qa_meta.get("versions", {})
    text = (f"`{v.get('qasync_file', '?')}` (source: {meta.get('qasync_source') or 'not stated'}), Qt {v.get('Qt', '?')}, "
            f"PyQt5 {v.get('PyQt5', '?')}, dispatcher {v.get('qt_dispatcher', '?')}, under Xvfb; median of "
            f"{qa_meta.get('runs', '?')} runs.")
    if "run from source" in str(v.get("qasync", "")):
        text += (" (The version label in its raw results, \"" + v["qasync"] + "\", is asyncio_bench.py's default "
                 "for a package without `__version__`, not a check of the copy.)")
    return text


FX_NAMES = {"fx1": "fx1 callSoon from the FX thread", "fx2": "fx2 callSoonThreadsafe from 4 threads"}


def fx_markdown(fx, meta, asy, qa):
    """The FX section: issue 4's benchmarks on both platforms, its GTK targets, and the Python loops beside them."""
    out = ["## The FX loop (issue 4)", ""]
    if not fx:
        return out + ["Not measured in this sitting (no `fx-*.jsonl` in the raw results).", ""]
    v = fx_verdicts(fx)
    yes_no = {True: "yes", False: "**no**", None: "not measured"}

    def measured(key, columns, first=()):
        """Yields (platform, label, result) for each platform that has a result; writes a row for the others."""
        for platform, label in FX_PLATFORMS:
            r = fx.get(platform, {}).get(key)
            if r is None or "error" in r:
                cells = [*first, label, "no result" if r is None else "error"]
                out.append("| " + " | ".join(cells + ["—"] * (columns - len(cells))) + " |")
                continue
            yield platform, label, r

    out += [
        "Plain mains in `benchmarks/` (package `io.loopfx.bench.fx`), each in a fresh JVM that starts JavaFX with "
        "`Platform.startup`, shows a small stage with a spinning square (so pulses run and something renders) "
        "and measures on `FxEventLoop.get()`; side by side in the same JVM wherever there is a comparison, "
        f"alternating run by run. Options: {meta['fx_options']}. Monocle: `-Dglass.platform=Monocle "
        "-Dmonocle.platform=Headless -Dprism.order=sw`; GTK: `xvfb-run -a -s \"-screen 0 1280x1024x24\"` with "
        "`-Dprism.order=sw`. Issue 4's targets are for GTK; Monocle's figures are shown without a verdict.",
        "",
        "### Callbacks on the FX thread: the loop against one `Platform.runLater` per callback",
        "",
        "| workload | platform | n | loopfx | one runLater per callback | loopfx vs runLater | target (issue 4) | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key in ("fx1", "fx2"):
        for platform, label, r in measured(key, 8, (FX_NAMES[key],)):
            extra = "" if key == "fx1" else ("; every callback ran exactly once" if r["exactly_once"]
                                             else "; **exactly-once violated**")
            met = yes_no[v[key]] if platform == "gtk" else "—"
            out.append(f"| {FX_NAMES[key]} | {label} | {r['n']} | {fmt(r['loopfx_per_s'])} callbacks/s | "
                       f"{fmt(r['runlater_per_s'])} callbacks/s | {r['ratio']:.1f}x{extra} | "
                       f"≥ {FX_TARGET_RATIO}x on GTK | {met} |")
    out += ["", "### Timer lateness on the FX loop (fx3)", "",
            "| platform | lateness measured against | n × runs | median | p99 | min | max | early timers | "
            "target (issue 4) | met |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for platform, label, r in measured("fx3", 10):
        for measure, what in (("loop_clock", "the loop's clock (`loop.time()` vs `handle.when()`)"),
                              ("nanotime", "`System.nanoTime()` at scheduling + delay"),
                              ("scheduled_executor_runlater", "without loopfx: `ScheduledExecutorService` + one "
                                                              "`Platform.runLater` per timer, vs `System.nanoTime()`"),
                              ("runlater_hand_off", "no timer: one `Platform.runLater` at a time from another "
                                                    "thread, post to run (the floor)")):
            m = r.get(measure)
            if m is None:
                continue
            if measure in ("scheduled_executor_runlater", "runlater_hand_off"):
                met = "(for comparison)"
            elif platform == "gtk":
                met = f"p99: {yes_no[v['fx3_p99']]}; none early: {yes_no[v['fx3_early']]}"
            else:
                met = "—"
            out.append(f"| {label} | {what} | {r['n']} × {r['runs']} | {m['median_ms']:.3g} ms | "
                       f"{m['p99_ms']:.3g} ms | {m['min_ms']:.3g} ms | {m['max_ms']:.3g} ms | "
                       f"{m['early_count_total']} | p99 < {FX_TARGET_P99_MS:g} ms, none early (GTK) | {met} |")
    out += ["", "Median, p99 and min: medians over the runs; max and early: over all runs. The two comparison rows "
            "run in the same JVM, alternating run by run with loopfx: the same delays as JDK-only code would "
            "schedule them (one `runLater` per timer, which queue behind each other where a `runLater` is slow), "
            "and the floor: how long the FX thread takes to start one `runLater` posted from another thread "
            "when nothing else is queued. A timer on the FX thread cannot be more punctual than that hand-off; "
            "its tail is the FX thread busy with pulses, rendering and the toolkit's own events.", "",
            "### Pulses while 1,000,000 callbacks drain (fx4)", "",
            "| platform | n | longest pulse gap while draining | the same, counting the scheduling callback | "
            "longest gap in a quiet second before | scheduling (one FX callback) | first call to last callback | "
            "target (issue 4) | met |",
            "|---|---|---|---|---|---|---|---|---|"]
    for platform, label, r in measured("fx4", 9):
        met = yes_no[v["fx4"]] if platform == "gtk" else "—"
        out.append(f"| {label} | {r['n']} | {r['max_gap_ms']:.3g} ms | {r['max_gap_with_scheduling_ms']:.3g} ms | "
                   f"{r['idle_max_gap_ms']:.3g} ms | {r['schedule_ms']:.3g} ms | {r['drain_ms']:.3g} ms | "
                   f"no gap over {FX_TARGET_GAP_MS:g} ms (GTK) | {met} |")
    out += ["",
            "Gaps: the worst over the runs; times: medians. The n `callSoon` calls are made in one FX-thread "
            "callback, which holds the FX thread for its whole length whatever the loop does (user code); the "
            "gap that is the loop's doing, and the one judged, is measured from the end of that callback to the "
            "first pulse after the last callback ran. The column beside it starts from the last pulse before the "
            "scheduling callback.", "",
            "### Timers while 1,000,000 callbacks drain (fx5)", "",
            "| platform | n | tick | ticks | median late | p99 late | max late | p99 in slice budgets | "
            "first call to last callback | target (issue 14) | met |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for platform, label, r in measured("fx5", 11):
        met = yes_no[v["fx5"]] if platform == "gtk" else "—"
        out.append(f"| {label} | {r['n']} | {r['tick_ms']} ms | {r['ticks']:.0f} | {r['median_ms']:.3g} ms | "
                   f"{r['p99_ms']:.3g} ms | {r['max_ms']:.3g} ms | {r['p99_in_budgets']:.2f} | {r['drain_ms']:.4g} ms | "
                   f"p99 below {FX5_TARGET_BUDGETS:g} budgets (GTK) | {met} |")
    out += ["",
            "A timer re-arms itself every tick while n `callSoon` callbacks of 1 µs of busy work each, scheduled in "
            "one FX-thread callback, drain; lateness is the loop's clock at the tick against its deadline. The loop's ordering rule (see "
            "`EventLoop`, \"Order\"): after a slice that ran out of its budget, the next one begins with the due "
            "timers. Medians over the runs, max over all runs.", ""]
    out += beside_python(fx, asy, qa)
    notes = []
    for platform, label in FX_PLATFORMS:
        if platform not in fx:
            notes.append(f"- {label}: not run in this sitting.")
            continue
        some = next((r for r in fx[platform].values() if "glass_application" in r), None)
        if some:
            notes.append(f"- {label}: glass `{some['glass_application']}`, prism `{some['prism_pipeline']}`, JavaFX "
                         f"{some['javafx']}, JDK {some['jdk']}, slice budget {some['slice_budget_ms']:g} ms.")
        for key, r in sorted(fx[platform].items()):
            if "error" in r:
                notes.append(f"- {label} {key} failed: `{r['error']}` (log: `{meta['raw']}/fx-{platform}.log`).")
    out += ["Notes:", ""] + notes + [""]
    return out


def beside_python(fx, asy, qa):
    """The FX loop's figures next to asyncio's and qasync's for the workloads they share."""
    def py(res, key, field="median"):
        r = res.get(key)
        if not r:
            return "not run"
        if "error" in r:
            return "error"
        return f"{fmt(r.get(field))} (n={r.get('n')})"

    def lf(platform, key, pick):
        r = fx.get(platform, {}).get(key)
        if r is None:
            return "no result"
        if "error" in r:
            return "error"
        return f"{fmt(pick(r))} (n={r['n']})"

    rows = [
        ("call_soon from the loop's thread, callbacks/s (a1; fx1)", "a1", "median", "fx1", lambda r: r["loopfx_per_s"]),
        ("call_soon_threadsafe from 4 threads, callbacks/s (b; fx2)", "b", "median", "fx2", lambda r: r["loopfx_per_s"]),
        ("timers: median lateness, ms (f; fx3)", "f", "median", "fx3", lambda r: r["nanotime"]["median_ms"]),
        ("timers: p99 lateness, ms (f; fx3)", "f", "p99_ms_median", "fx3", lambda r: r["nanotime"]["p99_ms"]),
        ("timers: early, all runs (f; fx3)", "f", "early_count_total", "fx3", lambda r: r["nanotime"]["early_count_total"]),
    ]
    out = ["### Beside asyncio and qasync (same sitting)", "",
           "| | asyncio (no GUI) | qasync (PyQt5, Xvfb) | loopfx FX loop, GTK | loopfx FX loop, Monocle |",
           "|---|---|---|---|---|"]
    for label, akey, afield, fkey, pick in rows:
        out.append(f"| {label} | {py(asy, akey, afield)} | {py(qa, akey, afield)} | {lf('gtk', fkey, pick)} | "
                   f"{lf('monocle', fkey, pick)} |")
    out += ["",
            "Same definitions of what is timed (asyncio_bench.py's a1, b and f; the FX timers measured against "
            "`System.nanoTime()` at scheduling + delay, as f does), different n: asyncio_bench.py uses smaller n "
            "for Qt loops because qasync's `call_soon` is one Qt timer per callback (`QObject.startTimer(0)`, "
            "with a linear `killTimer`). asyncio runs without a GUI; qasync and loopfx run with their toolkit's "
            "event loop."]
    if not qa:
        out += ["", "qasync was not measured in this sitting. In DESIGN.md's words (§5, failure modes of the Python "
                "Qt bridges, reproduced with PyQt5): \"Coarse timers: `sleep(1.0)` firing 49 ms early to 54 ms "
                "late (Qt CoarseTimer)\"; and asyncio_bench.py: \"every call_soon is a QObject.startTimer(0) and "
                "every killTimer is a linear search, so large pending counts are quadratic\"."]
    return out + [""]


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
    ap.add_argument("--raw", required=True, help="folder with the sitting's raw results (see the docstring)")
    ap.add_argument("--out", required=True, help="combined result file (JSON)")
    ap.add_argument("--md", required=True, help="the performance page to write")
    for opt in ("mode", "date", "jdk", "commit", "loadavg-start", "jmh-options", "f-options", "e-runs", "fx-options"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--qasync-source", default="", help="where the qasync copy came from (shown on the page)")
    ap.add_argument("--peers", default="no", choices=("yes", "no"), help="whether the sitting measured the peers")
    ap.add_argument("--peers-fx-options", default="", help="the FX peer mains' options (shown on the page)")
    args = ap.parse_args()
    meta = {k: v for k, v in vars(args).items() if k not in ("out", "md")}
    meta.update(machine())
    lfx = loopfx_results(args.raw)
    asy, asy_meta = python_results(args.raw)
    qa, qa_meta = python_results(args.raw, "qasync")
    fx = fx_results(args.raw)
    peers = peers_report.results(args.raw, fx)
    rows = compare(asy, lfx, qa)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "asyncio_meta": asy_meta, "qasync_meta": qa_meta, "comparison": rows,
                   "loopfx": lfx, "asyncio": asy, "qasync": qa, "fx": fx, "fx_verdicts_gtk": fx_verdicts(fx),
                   "peers": peers, "peers_verdicts": peers_report.verdicts(peers, lfx)},
                  f, indent=1)
    page = markdown(meta, asy_meta, rows, lfx, asy, args.out, qa, qa_meta, fx, peers)
    pool_result = process_pool_report.newest(os.path.dirname(args.out))
    if pool_result:
        page = process_pool_report.splice(page, process_pool_report.section(pool_result))
    page = keep_section(args.md, page, "<!-- jfr-off -->", "<!-- /jfr-off -->")
    page = keep_section(args.md, page, "<!-- arch-ab -->", "<!-- /arch-ab -->")
    page = keep_section(args.md, page, "<!-- fx5-ab -->", "<!-- /fx5-ab -->")
    page = keep_section(args.md, page, "<!-- alloc-profile -->", "<!-- /alloc-profile -->")
    with open(args.md, "w") as f:
        f.write(page)
    for r in rows:
        print(f"{r['key']:3s} asyncio {fmt(r['asyncio']):>10s}  loopfx {fmt(r['loopfx']):>10s}  {r['unit']:18s} "
              f"ratio {('%.1f' % r['ratio']) if r['ratio'] else '—':>6s}  met {r['met']}")
    for check, met in fx_verdicts(fx).items():
        print(f"FX (GTK) {check:9s} met {met}")
    for v in peers_report.verdicts(peers, lfx):
        print(f"issue 16: {v['target']}: met {v['met']} ({v['figures']})")


def keep_section(md, page, begin, end):
    """Carries a section that another script or a person wrote (between begin and end) over to the new page,
    before "## What is measured"."""
    try:
        with open(md) as f:
            old = f.read()
    except FileNotFoundError:
        return page
    if begin not in old or end not in old or begin in page:
        return page
    block = begin + old.split(begin, 1)[1].split(end, 1)[0] + end + "\n"
    marker = "## What is measured"
    if marker in page:
        head, tail = page.split(marker, 1)
        return head + block + "\n" + marker + tail
    return page.rstrip("\n") + "\n\n" + block


if __name__ == "__main__":
    main()
