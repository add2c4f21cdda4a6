package io.loopfx.core;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the loop logs through {@link System.Logger} "io.loopfx.core". Without a custom
 * LoggerFinder, System.Logger is backed by java.util.logging, so a JUL handler on that logger sees it.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.loopfx.core"); // strong reference: keeps the handler attached
    private final List<LogRecord> records = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final boolean usedParentHandlers = logger.getUseParentHandlers();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts capturing (and keeps what the loop logs out of the build output) until {@link #close()}. */
    public LogCapture() {
        logger.addHandler(handler);
        logger.setUseParentHandlers(false); // keep expected errors out of the build output
    }

    /** Returns the records logged at SEVERE (System.Logger's ERROR), in order. */
    public List<LogRecord> severe() {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().equals(Level.SEVERE)).toList();
        }
    }

    /** Returns the formatted messages logged at {@code level}, with the logged exception's text appended. */
    List<String> messages(Level level) {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) {
                if (!r.getLevel().equals(level)) continue;
                String m = formatter.formatMessage(r);
                out.add(r.getThrown() == null ? m : m + " | " + r.getThrown());
            }
        }
        return out;
    }

    /** Stops capturing. */
    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
