package io.loopfx.core.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the loop logs through {@link System.Logger} "io.loopfx.core" (backed by java.util.logging when no
 * other LoggerFinder is installed): where the default exception handler, and the report of a failing exception
 * handler, go. Keeps the captured records out of the build output.
 */
final class LoopLog implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.loopfx.core"); // strong reference: keeps the handler attached
    private final boolean usedParentHandlers = logger.getUseParentHandlers();
    private final List<LogRecord> records = new ArrayList<>();
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

    LoopLog() {
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** The records logged at SEVERE (System.Logger's ERROR), in order. */
    List<LogRecord> severe() {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().equals(Level.SEVERE)).toList();
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
