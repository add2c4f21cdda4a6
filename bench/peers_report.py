#!/usr/bin/env python3
"""The section "Beside the JVM's peers (issue 16)" of docs/performance.md, from one sitting of `bench/run.sh --peers`.

Inputs, in the sitting's raw folder: jmh.json (loopfx's JMH run), peers-jmh.json (the JMH run of
io.loopfx.bench.peers), e.jsonl (TaskMemoryMain), peers-e.jsonl (PeerMemoryMain, one line per fresh JVM, with
its peer), and the FX lines fx1_peers and fx3_peers of fx-<platform>.jsonl (read by report.py). Every figure
here is per item and lower is better: ns (JMH: the median over the measured iterations of us/op, times 1000,
over n) or bytes per parked task (the median over the fresh JVMs).
"""
import json
import os
import re

from figures import fmt, read_jsonl, summary

# key, label, unit
WORKLOADS = [
    ("a1", "a1 callSoon from the loop's thread", "ns/callback"),
    ("b", "b callSoonThreadsafe, 4 producers", "ns/callback"),
    ("c1", "c1 ping-pong via futures", "ns/round trip"),
    ("c3", "c3 sleep(0) / yield", "ns/switch"),
    ("d", "d create + wait all", "ns/task"),
    ("e", "e heap per parked task", "bytes/task"),
    ("g1", "g1 runInExecutor, one call at a time", "ns/call"),
]
# who, column title; "loopfx" and "raw" are not peers (the subject and the floor)
SIDES = [("raw", "raw limit"), ("loopfx", "loopfx"), ("netty", "Netty"), ("kotlinx", "kotlinx.coroutines"),
         ("virtual", "virtual threads, 1 carrier")]
PEERS = ("netty", "kotlinx", "virtual")
# what each side runs, per workload (the page's key to the table)
WHAT = {
    "a1": {"raw": "`ArrayDeque<Runnable>`: add n, then poll and run until empty",
           "loopfx": "`callSoon` from a task (`CallSoonBench.a1CallSoonAll`)",
           "netty": "`EventLoop.execute` from a task on the loop (`SingleThreadIoEventLoop`, NIO `IoHandler`)",
           "kotlinx": "a `dispatch` per callback to `runBlocking`'s event loop, from inside it"},
    "b": {"loopfx": "`callSoonThreadsafe` (`ThreadsafeBench.bThreadsafe`)",
          "netty": "`EventLoop.execute` from the producers (a selector wake-up when the loop sleeps)",
          "kotlinx": "a `dispatch` per callback from the producers to `runBlocking`'s event loop"},
    "c1": {"raw": "two `jdk.internal.vm.Continuation`s that only yield, run in turn: 2 yields + 2 runs",
           "loopfx": "two tasks through `LoopFuture`s (`TaskSwitchBench.c1PingPongFuture`)",
           "kotlinx": "two coroutines in `runBlocking` through `CompletableDeferred`s",
           "virtual": "two virtual threads through `CompletableFuture.join`"},
    "c3": {"raw": "one continuation yielding n times: 1 yield + 1 run",
           "loopfx": "`Async.sleep(Duration.ZERO)` (`TaskSwitchBench.c3Sleep0`)",
           "kotlinx": "`yield()` in `runBlocking`",
           "virtual": "`Thread.yield()` in a virtual thread"},
    "d": {"raw": "n `Continuation`s of an empty body created, then each run",
          "loopfx": "`createTask` + a countdown in done callbacks (`TaskCreationBench.dTasks`)",
          "kotlinx": "n empty `launch`es in a `coroutineScope`",
          "virtual": "a virtual thread starts n empty ones, then joins each"},
    "e": {"raw": "a `Continuation` run to a `yield`",
          "loopfx": "a task in `sleep(1 h)` (`TaskMemoryMain`)",
          "kotlinx": "a `launch` in `runBlocking` suspended in `delay(1 h)`",
          "virtual": "a virtual thread in `Thread.sleep(1 h)`"},
    "g1": {"raw": "`submit(job).get()` on the same pool from a platform thread: the same two thread wake-ups, no "
                  "loop (`PeerExecutorBench`)",
           "loopfx": "`Async.await(runInExecutor(pool, job))` in a task (`ExecutorBench.g1ExecutorSeq`)"},
}
PEER_JMH = re.compile(r"\.peers\.Peer\w+\.(a1|b|c1|c3|d|g1)(Raw|Netty|Kotlinx|Virtual)$")
LOOPFX_JMH = re.compile(r"\.bench\.\w+\.(a1|b|c1|c3|d|g1)[A-Z]\w*$")
FX_PLATFORMS = [("monocle", "Monocle (headless)"), ("gtk", "GTK under Xvfb")]
FX_TIMER_WAYS = [("loopfx_timer", "loopfx `callLater`"), ("loopfx_sleep", "loopfx `Async.sleep` in an eager task"),
                 ("kotlinx_delay", "kotlinx `delay` on `Dispatchers.JavaFx`")]


def jmh_per_item(path, pattern, who_of):
    """{(key, who): summary of ns per item} from a JMH JSON result, for the benchmarks whose name matches."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        jmh = json.load(f)
    res = {}
    for b in jmh:
        if ".peers." in b["benchmark"] and pattern is LOOPFX_JMH:
            continue
        m = pattern.search(b["benchmark"])
        if not m:
            continue
        if b["primaryMetric"]["scoreUnit"] != "us/op":
            raise SystemExit("unexpected JMH unit " + b["primaryMetric"]["scoreUnit"])
        n = int(b["params"]["n"])
        iterations = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
        res[(m.group(1), who_of(m))] = summary([t * 1e3 / n for t in iterations], n=n, benchmark=b["benchmark"])
    return res


def results(raw, fx):
    """Everything of this sitting that the section shows: figures per workload and side, and the FX lines."""
    figures = {}
    found = jmh_per_item(os.path.join(raw, "jmh.json"), LOOPFX_JMH, lambda m: "loopfx")
    found.update(jmh_per_item(os.path.join(raw, "peers-jmh.json"), PEER_JMH, lambda m: m.group(2).lower()))
    for (key, who), s in found.items():
        figures.setdefault(key, {})[who] = s
    e_lines = [dict(line, peer="loopfx") for line in read_jsonl(os.path.join(raw, "e.jsonl"))]
    e_lines += read_jsonl(os.path.join(raw, "peers-e.jsonl"))
    for who in {line["peer"] for line in e_lines}:
        mine = [line for line in e_lines if line["peer"] == who]
        figures.setdefault("e", {})[who] = summary([line["value"] for line in mine], n=mine[0]["n"])
    measured = os.path.exists(os.path.join(raw, "peers-jmh.json"))
    fx_peers = {platform: {k: v for k, v in lines.items() if k in ("fx1_peers", "fx3_peers")}
                for platform, lines in fx.items()}
    return {"measured": measured, "figures": figures, "fx": fx_peers, "versions": versions()}


def versions():
    """The peers' versions as the benchmarks' pom names them (what the sitting's jar was built with)."""
    pom = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "pom.xml")
    try:
        with open(pom) as f:
            text = f.read()
    except FileNotFoundError:
        return {}
    names = ("netty.version", "kotlin.version", "kotlinx.coroutines.version", "kotlinx.coroutines.javafx.version")
    return {n: m.group(1) for n in names for m in [re.search(f"<{re.escape(n)}>([^<]+)</", text)] if m}


def median_of(figures, key, who):
    s = figures.get(key, {}).get(who)
    return s["median"] if s else None


def fx_ok(fx, platform, workload):
    line = fx.get(platform, {}).get(workload)
    return line if line and "error" not in line else None


def verdicts(peers, lfx):
    """Issue 16's targets, each {target, met: True/False/None (not measured), figures: text}; FX ones on GTK."""
    f = peers["figures"]
    out = []

    def check(target, values, test, text):
        met = None if any(v is None for v in values) else bool(test(*values))
        out.append({"target": target, "met": met, "figures": text(*values) if met is not None else "not measured"})

    def x(v):
        return f"{v:.2f}x"

    def within(key, limit, what):
        check(f"{key} within {limit:g}x of {what}", (median_of(f, key, "loopfx"), median_of(f, key, "raw")),
              lambda l, r: l <= limit * r, lambda l, r: f"loopfx {fmt(l)} ns, raw {fmt(r)} ns: {x(l / r)}")

    def ahead(key, peer, title, factor, unit="ns"):
        check(f"{key} ahead of {title}" + (f" by ≥ {factor:g}x" if factor > 1 else ""),
              (median_of(f, key, "loopfx"), median_of(f, key, peer)), lambda l, p: p >= factor * l if factor > 1 else l < p,
              lambda l, p: f"loopfx {fmt(l)} {unit}, {title} {fmt(p)} {unit}: {title} takes {x(p / l)} as long")

    # in the order of the list of targets
    within("a1", 1.2, "the raw `ArrayDeque` drain")
    ahead("b", "netty", "Netty", 2)
    within("c1", 1.2, "two raw continuation yields")
    ahead("c1", "kotlinx", "kotlinx", 1)
    within("c3", 1.2, "one raw yield")
    within("d", 2.0, "the raw continuation start")
    ahead("d", "kotlinx", "kotlinx", 3)
    check("e at most kotlinx's bytes per suspended coroutine", (median_of(f, "e", "loopfx"), median_of(f, "e", "kotlinx")),
          lambda l, p: l <= p, lambda l, p: f"loopfx {fmt(l)} B, kotlinx {fmt(p)} B: {x(l / p)}")
    g1 = lfx.get("g1", {}).get("median")
    g1_raw = median_of(f, "g1", "raw")
    floor = f"; the same two wake-ups without a loop (raw limit) {fmt(g1_raw / 1e3)} µs" if g1_raw else ""
    check("g1 under 10 µs per call", (g1,), lambda g: g < 10, lambda g: f"loopfx {fmt(g)} µs per call{floor}")
    fx1 = fx_ok(peers["fx"], "gtk", "fx1_peers")
    check("FX callSoon ahead of `Dispatchers.JavaFx` (GTK)",
          (fx1 and fx1["loopfx_per_s"], fx1 and fx1["kotlinx_per_s"]), lambda l, k: l > k,
          lambda l, k: f"loopfx {fmt(l)} callbacks/s, kotlinx {fmt(k)}: {x(l / k)}")
    t = fx_ok(peers["fx"], "gtk", "fx3_peers")
    worst = (lambda field: max(t["loopfx_timer"][field], t["loopfx_sleep"][field])) if t else (lambda field: None)
    kotlinx = (lambda field: t["kotlinx_delay"][field]) if t else (lambda field: None)
    check("FX timers ahead of kotlinx's `delay`: median lateness (GTK)", (worst("median_ms"), kotlinx("median_ms")),
          lambda l, k: l < k, lambda l, k: f"loopfx (the later of its two ways) {fmt(l)} ms, kotlinx {fmt(k)} ms")
    check("FX timer p99 below kotlinx's median (GTK)", (worst("p99_ms"), kotlinx("median_ms")),
          lambda l, k: l < k, lambda l, k: f"loopfx p99 (the later of its two ways) {fmt(l)} ms, kotlinx median {fmt(k)} ms")
    early = (t["loopfx_timer"]["early_count_total"] + t["loopfx_sleep"]["early_count_total"]) if t else None
    check("FX timers: none early (GTK)", (early, kotlinx("early_count_total")), lambda l, k: l == 0,
          lambda l, k: f"loopfx {l} early, kotlinx {k} early")
    return out


# Why a target is not met, where that is structural (what the workload's loopfx side must do and the floor or peer
# does not); shown under the verdicts for each target a sitting finds not met. Keyed by the target's text up to ":".
WHY_NOT_MET = {
    "a1": "`callSoon` returns a `Handle` that can cancel the callback (asyncio's contract), so each call allocates "
          "one (24 bytes, see the allocation profile) and checks the thread and that the loop is open; the raw "
          "drain adds the `Runnable` itself, as Netty's `execute`, which returns nothing, does. Against Netty the "
          "gap is small (the ratio to the best peer).",
    "b": "b is the noisiest workload (four producer threads on two cores measure the OS scheduler as much as the "
         "queue: across sittings loopfx measured 48-100 ns and Netty 42-182). Where Netty leads, its MPSC queue is "
         "a chunked array that allocates nothing per item; loopfx's incoming queue is the JDK's "
         "`ConcurrentLinkedQueue`, a node per item on top of the handle. A JCTools-style queue is the next step; "
         "it is not taken yet because it would be the library's first dependency.",
    "c3": "A `sleep(0)` is the raw yield plus one loop iteration (the ready queue, the run state, the iteration's "
          "bookkeeping; a3 measures that alone) and the task's step (mounting, the cancellation check). The "
          "wake-up allocates nothing since the allocation work; the rest is that iteration.",
    "d": "A task is more than a continuation: it is a future (outcome, done callbacks, cancellation state), it is "
         "in the loop's list of live tasks (for shutdown's cancel-and-drain and the task dump), its first step is "
         "scheduled rather than run (asyncio's rule, unless `TaskStart.EAGER`), and its done callback is a "
         "callback of its own. The raw side creates and runs continuations and nothing else.",
    "e": "loopfx's own objects of a parked task are 192 bytes (task, step handle, the sleep's future and timer: "
         "see the allocation profile); the rest is the JDK's `Continuation` and the frozen frames of the task's "
         "stack, whose floor alone (the raw column) is most of kotlinx's figure. A stackless coroutine keeps only its "
         "locals; a task on a JDK continuation keeps its frames.",
    "g1": "The same two thread wake-ups without any loop (the raw column of the g1 row: submit to the same pool, "
          "block on its `Future`) take longer than the target on this machine: a call cannot be faster than the "
          "pool's worker waking and the loop's thread waking. loopfx's own part is the difference; the allocation "
          "work cut what a call allocates from 304 to 167 bytes, and spinning instead of parking, which would "
          "skip a wake-up, costs a core that two-core machines do not have to spare.",
}


def why_not_met(verdict_list):
    """The explanation lines for this sitting's unmet targets."""
    out = []
    for v in verdict_list:
        key = v["target"].split(" ", 1)[0]
        if v["met"] is False and key in WHY_NOT_MET:
            out.append(f"- **{v['target']}**: {WHY_NOT_MET[key]}")
    return out


def fx_rows(peers, workload, columns, cells):
    """The rows of an FX table of `columns` columns: per platform, those `cells(line)` makes, after the platform's
    name, or one saying why there is none."""
    out = []
    for platform, label in FX_PLATFORMS:
        r = fx_ok(peers["fx"], platform, workload)
        if r is None:
            why = "error (see below)" if workload in peers["fx"].get(platform, {}) else "not measured"
            out.append(f"| {label} | " + " | ".join([why] + ["—"] * (columns - 2)) + " |")
        else:
            out += [f"| {label} | {row} |" for row in cells(r)]
    return out


def best_peer(row):
    """(who, median) of the peer with the lowest figure in this workload's row, or (None, None)."""
    have = [(row[p]["median"], p) for p in PEERS if p in row]
    if not have:
        return None, None
    value, who = min(have)
    return who, value


def section(peers, meta, lfx):
    """The markdown lines of the section."""
    title = dict(SIDES)
    v = peers.get("versions", {})
    out = ["## Beside the JVM's peers (issue 16)", ""]
    if not peers["measured"]:
        out += ["**Not measured in this sitting**: `bench/run.sh --peers` measures them beside loopfx; without "
                "`--peers` a sitting leaves them out. What will be measured and the targets it will be judged "
                "against are below; the figures, their ratios and the verdicts appear here after a sitting with "
                "`--peers`.", ""]
    out += [
        "Measured with `--peers`: the same workloads, in the same sitting as loopfx's figures above, for the raw "
        f"limit (what any loop on JDK continuations must at least do), Netty {v.get('netty.version', '?')} (`netty-transport`), "
        f"kotlinx.coroutines {v.get('kotlinx.coroutines.version', '?')} (Kotlin {v.get('kotlin.version', '?')}; "
        f"its JavaFX module is published up to {v.get('kotlinx.coroutines.javafx.version', '?')} and runs on that "
        "core) and virtual threads on one carrier (`-Djdk.virtualThreadScheduler.parallelism=1`, `maxPoolSize=1`). "
        "JMH with loopfx's options "
        f"({meta['jmh_options']}), one operation = the whole workload of n items; package `io.loopfx.bench.peers` "
        "(`PeerCallSoonBench`, `PeerThreadsafeBench`, `PeerTaskSwitchBench`, `PeerTaskCreationBench`, "
        "`PeerExecutorBench`; the kotlinx "
        "side is Kotlin, `Kotlinx.kt`), e `PeerMemoryMain` "
        f"(fresh JVMs per side: {meta['e_runs']}; measured as `TaskMemoryMain` measures loopfx). Per item, lower is "
        "better; the median over iterations (JMH) or JVMs (e). A peer without the workload's mechanism has no "
        "figure: Netty has no coroutines (c1, c3, d, e), virtual threads have no loop to post a callback to (a1, "
        "b), and b, four threads posting to one, has no single-threaded floor.",
        "",
    ]
    if peers["measured"]:
        out += table(peers)
    out += ["What each side runs:", ""]
    for key, label, _ in WORKLOADS:
        out.append(f"- **{label}**: " + "; ".join(f"{title[who]}: {WHAT[key][who]}" for who, _ in SIDES
                                                   if who in WHAT[key]) + ".")
    out += fx_section(peers, meta)
    out += ["### Issue 16's targets", "",
            "Computed from the figures above (one sitting); the FX targets from the GTK rows.", ""]
    vs = verdicts(peers, lfx)
    for v in vs:
        met = {True: "met", False: "**not met**", None: "not measured"}[v["met"]]
        out.append(f"- {v['target']}: {met}" + (f" ({v['figures']})." if v["met"] is not None else "."))
    why = why_not_met(vs)
    if why:
        out += ["", "Why the targets not met in this sitting are not met:", ""] + why
    fx_errors = [f"- {label}: `{line['error']}`" for platform, label in FX_PLATFORMS
                 for line in peers["fx"].get(platform, {}).values() if "error" in line]
    if fx_errors:
        out += ["", "FX peer runs that failed:", ""] + fx_errors
    return out + [""]


def table(peers):
    """The side-by-side table of the JVM workloads, with loopfx's ratios."""
    title = dict(SIDES)
    out = [
        "| workload | n | raw limit | loopfx | Netty | kotlinx.coroutines | virtual threads, 1 carrier | unit | "
        "loopfx ÷ raw limit | loopfx ÷ best peer |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, label, unit in WORKLOADS:
        row = peers["figures"].get(key, {})
        cells = [fmt(row[who]["median"]) if who in row else "—" for who, _ in SIDES]
        ns = sorted({s["n"] for s in row.values()})
        n = " / ".join(str(x) for x in ns) if ns else "—"
        loopfx, raw = (row.get("loopfx") or {}).get("median"), (row.get("raw") or {}).get("median")
        who, best = best_peer(row)
        to_raw = f"{loopfx / raw:.2f}x" if loopfx and raw else "—"
        to_best = f"{loopfx / best:.2f}x ({title[who]})" if loopfx and best else "—"
        out.append(f"| {label} | {n} | " + " | ".join(cells) + f" | {unit} | {to_raw} | {to_best} |")
    return out + ["", "Below 1x loopfx is faster (or smaller) than what it is compared with.", ""]


def fx_section(peers, meta):
    """The FX subsection: its description, and its two tables when the sitting measured the peers."""
    out = ["", "### On the FX thread", "",
            "Plain mains like issue 4's, in a fresh JVM each, on both platforms. `FxPeerCallSoonMain`: issue 4's "
            "fx1 (n callbacks scheduled from one FX-thread callback, until the last has run) with loopfx's "
            "`callSoon`, kotlinx's `Dispatchers.JavaFx` (a `dispatch` per callback, which is a `runLater`) and one "
            "`Platform.runLater` per callback, alternating within every run. `FxPeerTimerMain`: 1,000 delays "
            "uniform in [0, 10 ms] started at once from one FX-thread callback, as loopfx `callLater`, as loopfx "
            "`Async.sleep` in tasks started eagerly, and as kotlinx `delay` in coroutines launched `UNDISPATCHED` on "
            "`Dispatchers.JavaFx` (kotlinx rounds a delay up to whole milliseconds and runs it on a `Timeline`, "
            "so on pulses); lateness against `System.nanoTime()` read just before each timer is set; medians over "
            "runs, max and early over all runs."
            + (f" Options: {meta.get('peers_fx_options') or '?'}." if peers["measured"] else ""), ""]
    if not peers["measured"]:
        return out
    out += ["| platform | n | loopfx | kotlinx `Dispatchers.JavaFx` | one `runLater` per callback | loopfx vs kotlinx | "
            "loopfx vs runLater |",
            "|---|---|---|---|---|---|---|"]
    out += fx_rows(peers, "fx1_peers", 7, lambda r: [
        f"{r['n']} | {fmt(r['loopfx_per_s'])} callbacks/s | {fmt(r['kotlinx_per_s'])} | {fmt(r['runlater_per_s'])} | "
        f"{r['ratio_vs_kotlinx']:.1f}x | {r['ratio_vs_runlater']:.1f}x"])
    out += ["", "| platform | timers | n × runs | median late | p99 late | min | max | early |",
            "|---|---|---|---|---|---|---|---|"]
    out += fx_rows(peers, "fx3_peers", 8, lambda r: [
        f"{what} | {r['n']} × {r['runs']} | {r[way]['median_ms']:.3g} ms | {r[way]['p99_ms']:.3g} ms | "
        f"{r[way]['min_ms']:.3g} ms | {r[way]['max_ms']:.3g} ms | {r[way]['early_count_total']}"
        for way, what in FX_TIMER_WAYS])
    return out + [""]
