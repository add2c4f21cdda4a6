package io.loopfx.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Collects the results of a harness run and writes them as a Markdown table and as JSON. */
final class HarnessReport {
    private final String platform;
    private final int repeat;
    private final List<Scenario> scenarios;
    private final Map<String, List<ScenarioResult>> naive = new LinkedHashMap<>();
    private final Map<String, List<ScenarioResult>> loopfx = new LinkedHashMap<>();
    private Duration duration = Duration.ZERO;

    HarnessReport(String platform, int repeat, List<Scenario> scenarios) {
        this.platform = platform;
        this.repeat = repeat;
        this.scenarios = scenarios;
        for (Scenario s : scenarios) {
            naive.put(s.id(), new ArrayList<>());
            loopfx.put(s.id(), new ArrayList<>());
        }
    }

    synchronized void add(ScenarioResult r) {
        (r.bridge() == Bridge.NAIVE ? naive : loopfx).get(r.scenarioId()).add(r);
    }

    void setDuration(Duration d) {
        duration = d;
    }

    Duration duration() {
        return duration;
    }

    /** "COMPLETED" if every run had it, else "HUNG x7, COMPLETED x3"; empty if the bridge did not run. */
    static String outcomes(List<ScenarioResult> runs) {
        Map<ScenarioOutcome, Long> counts = runs.stream().collect(Collectors.groupingBy(ScenarioResult::outcome,
                TreeMap::new, Collectors.counting()));
        if (counts.size() <= 1) return counts.isEmpty() ? "" : counts.keySet().iterator().next().name();
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String oneLine(String s, int max) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").replace("|", "/");
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }

    private static double maxHeldMillis(List<ScenarioResult> runs) {
        return runs.stream().flatMap(r -> r.timings().stream()).mapToLong(t -> t.heldFor().toNanos()).max().orElse(0);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Platform: ").append(platform).append("; ").append(repeat).append(repeat == 1 ? " run" : " runs")
                .append(" of each scenario per bridge; Java ").append(System.getProperty("java.version")).append("\n\n");
        sb.append("| # | scenario | expected from loopfx | naive bridge | loopfx |\n|---|---|---|---|---|\n");
        for (Scenario s : scenarios) {
            sb.append("| ").append(s.id()).append(" | ").append(s.title()).append(" | ").append(s.expected().describe())
                    .append(" | ").append(outcomes(naive.get(s.id()))).append(" | ").append(outcomes(loopfx.get(s.id())))
                    .append(" |\n");
        }
        sb.append("\nWhat each bridge did (first run):\n\n| # | bridge | outcome | message | longest hold-up |\n|---|---|---|---|---|\n");
        for (Scenario s : scenarios) {
            for (Map.Entry<String, List<ScenarioResult>> e : List.of(Map.entry("naive", naive.get(s.id())),
                    Map.entry("loopfx", loopfx.get(s.id())))) {
                if (e.getValue().isEmpty()) continue;
                ScenarioResult r = e.getValue().getFirst();
                sb.append("| ").append(s.id()).append(" | ").append(e.getKey()).append(" | ").append(r.outcome())
                        .append(" | ").append(oneLine(r.message(), 220)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f ms", maxHeldMillis(e.getValue()) / 1e6)).append(" |\n");
            }
        }
        String stray = strayMarkdown();
        if (!stray.isEmpty()) {
            sb.append("\nErrors that reached an uncaught-exception handler or the loop's default exception handler "
                    + "(loopfx: each fails the run; naive: reported only):\n\n").append(stray);
        }
        return sb.toString();
    }

    /** One line per scenario and bridge whose runs let errors reach a handler: how many runs, and the first's. */
    private String strayMarkdown() {
        StringBuilder sb = new StringBuilder();
        for (Scenario s : scenarios) {
            for (Map.Entry<String, List<ScenarioResult>> e : List.of(Map.entry("naive", naive.get(s.id())),
                    Map.entry("loopfx", loopfx.get(s.id())))) {
                List<ScenarioResult> with = e.getValue().stream().filter(r -> !r.strayErrors().isEmpty()).toList();
                if (with.isEmpty()) continue;
                sb.append("- ").append(s.id()).append(" ").append(e.getKey()).append(", ").append(with.size())
                        .append(" of ").append(e.getValue().size()).append(" run(s): ")
                        .append(oneLine(String.join("; ", with.getFirst().strayErrors()), 300)).append("\n");
            }
        }
        return sb.toString();
    }

    /**
     * What makes the run fail: loopfx outcomes that are not the expected ones or that varied, and loopfx runs in
     * which an error reached an uncaught-exception handler or the loop's default exception handler.
     */
    List<String> problems(boolean naiveMustBeReproducible) {
        List<String> out = new ArrayList<>();
        for (Scenario s : scenarios) {
            for (ScenarioResult r : loopfx.get(s.id())) {
                if (!r.meets(s.expected())) {
                    out.add("loopfx, scenario " + s.id() + ": expected " + s.expected().describe() + ", got " + r.outcome()
                            + ": " + oneLine(r.message(), 300));
                    break;
                }
            }
            List<ScenarioResult> stray = loopfx.get(s.id()).stream().filter(r -> !r.strayErrors().isEmpty()).toList();
            if (!stray.isEmpty()) {
                out.add("scenario " + s.id() + ": loopfx let errors reach a handler (uncaught-exception handler "
                        + "or the loop's default exception handler) in " + stray.size() + " of "
                        + loopfx.get(s.id()).size() + " run(s); the first: "
                        + oneLine(String.join("; ", stray.getFirst().strayErrors()), 300));
            }
            if (outcomes(loopfx.get(s.id())).contains(" x")) {
                out.add("loopfx, scenario " + s.id() + ": outcomes varied: " + outcomes(loopfx.get(s.id())));
            }
            if (naiveMustBeReproducible && outcomes(naive.get(s.id())).contains(" x")) {
                out.add("naive, scenario " + s.id() + ": outcomes varied: " + outcomes(naive.get(s.id())));
            }
        }
        return out;
    }

    boolean naiveReproducible() {
        return naive.values().stream().noneMatch(runs -> outcomes(runs).contains(" x"));
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"platform\": ").append(q(platform)).append(",\n");
        sb.append("  \"java\": ").append(q(System.getProperty("java.version"))).append(",\n");
        sb.append("  \"repeat\": ").append(repeat).append(",\n");
        sb.append("  \"seconds\": ").append(duration.toSeconds()).append(",\n");
        sb.append("  \"loopfxAsExpected\": ").append(problems(false).isEmpty()).append(",\n");
        sb.append("  \"naiveReproducible\": ").append(naiveReproducible()).append(",\n");
        sb.append("  \"scenarios\": [\n");
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            sb.append("    {\"id\": ").append(q(s.id())).append(", \"title\": ").append(q(s.title()))
                    .append(", \"expected\": ").append(q(s.expected().describe()))
                    .append(",\n     \"naive\": ").append(runsJson(naive.get(s.id())))
                    .append(",\n     \"loopfx\": ").append(runsJson(loopfx.get(s.id()))).append("}")
                    .append(i + 1 < scenarios.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    private static String runsJson(List<ScenarioResult> runs) {
        if (runs.isEmpty()) return "null";
        ScenarioResult first = runs.getFirst();
        StringBuilder sb = new StringBuilder("{\"outcomes\": [");
        sb.append(runs.stream().map(r -> q(r.outcome().name())).collect(Collectors.joining(", "))).append("]");
        sb.append(", \"millis\": [").append(runs.stream().map(r -> String.valueOf(r.duration().toMillis()))
                .collect(Collectors.joining(", "))).append("]");
        sb.append(", \"strayErrors\": [").append(runs.stream().map(r -> "[" + r.strayErrors().stream().map(HarnessReport::q)
                .collect(Collectors.joining(", ")) + "]").collect(Collectors.joining(", "))).append("]");
        sb.append(",\n       \"first\": {\"message\": ").append(q(first.message()));
        sb.append(", \"holdUps\": [").append(first.timings().stream().map(t -> "{\"call\": " + q(t.call())
                + ", \"heldForMillis\": " + String.format(Locale.ROOT, "%.3f", t.heldFor().toNanos() / 1e6) + "}")
                .collect(Collectors.joining(", "))).append("]");
        sb.append(",\n        \"events\": [").append(first.events().stream().map(HarnessReport::q)
                .collect(Collectors.joining(",\n                   "))).append("]}}");
        return sb.toString();
    }

    static String q(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
