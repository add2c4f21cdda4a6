package io.loopfx.demo.downloads;

import java.util.Locale;
import java.util.Objects;

/**
 * A file the download server offers.
 *
 * @param name its name (also the name it is saved under)
 * @param size its size in bytes
 */
public record RemoteFile(String name, long size) {
    /**
     * Checks the fields.
     *
     * @param name its name (also the name it is saved under)
     * @param size its size in bytes
     */
    public RemoteFile {
        Objects.requireNonNull(name, "name");
        if (size < 0) throw new IllegalArgumentException("size < 0: " + size);
    }

    /**
     * Formats a byte count for people: {@code 512 B}, {@code 12.5 KB}, {@code 3.2 MB}.
     *
     * @param bytes the count
     * @return the formatted count
     */
    public static String formatBytes(double bytes) {
        if (bytes < 1024) return String.format(Locale.ROOT, "%.0f B", bytes);
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024 * 1024));
    }

    /** Shown in the file chooser. */
    @Override
    public String toString() {
        return name + "  (" + formatBytes(size) + ")";
    }
}
