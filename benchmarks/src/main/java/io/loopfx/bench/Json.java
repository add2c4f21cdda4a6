package io.loopfx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** Just enough JSON output for the measurement mains: maps, lists, numbers, booleans, strings. */
public final class Json {
    private Json() {
    }

    /**
     * Returns {@code value} as JSON text.
     *
     * @param value a map, list, number, boolean, string (anything else is written as its string), or null
     * @return the JSON text, on one line
     */
    public static String of(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null || (v instanceof Double d && !Double.isFinite(d))) {
            sb.append("null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep);
                write(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue());
                sep = ", ";
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(", ");
                write(sb, l.get(i));
            }
            sb.append(']');
        } else {
            sb.append('"');
            for (char c : v.toString().toCharArray()) {
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            sb.append('"');
        }
    }

    /**
     * Appends {@code value} as one line to {@code file} (JSON Lines), or prints it when file is null.
     *
     * @param file  the file, or null for stdout
     * @param value the value, see {@link #of}
     * @throws IOException if the file cannot be written
     */
    public static void appendLine(String file, Object value) throws IOException {
        String line = of(value);
        if (file == null) {
            System.out.println(line);
        } else {
            Files.writeString(Path.of(file), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
