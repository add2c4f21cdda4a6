package io.loopfx.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} options of the measurement mains. */
public final class Options {
    private final Map<String, String> values = new HashMap<>();

    /**
     * Reads {@code --name value} pairs.
     *
     * @param args the command line
     * @throws IllegalArgumentException if it is not made of such pairs
     */
    public Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    /**
     * Returns an integer option ({@code _} separators allowed, as in {@code 1_000_000}).
     *
     * @param name     the option name without {@code --}
     * @param fallback the value when it is not given
     * @return its value
     * @throws NumberFormatException if it is not an integer
     */
    public int intValue(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    /**
     * Returns a string option.
     *
     * @param name     the option name without {@code --}
     * @param fallback the value when it is not given
     * @return its value
     */
    public String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }
}
