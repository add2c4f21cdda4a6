package io.loopfx.demo;

import io.loopfx.core.EventLoop;
import javafx.application.Application;

/**
 * Starts the demo after checking what it needs, so that a missing requirement is one clear message rather
 * than a stack trace: Java 21 or newer, and the JVM flag that lets loopfx use the JDK's continuations.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * Checks the JDK and the flag, then launches {@link DemoApp}; exits with status 2 and a message if a
     * requirement is missing.
     *
     * @param args command-line arguments, passed to JavaFX
     */
    public static void main(String[] args) {
        String problem = problem();
        if (problem != null) {
            System.err.println(problem);
            System.exit(2);
        }
        Application.launch(DemoApp.class, args);
    }

    /** Returns what keeps the demo from running here, or null if nothing does. */
    static String problem() {
        if (Runtime.version().feature() < 21) {
            return "The loopfx demo needs Java 21 or newer; this is Java " + Runtime.version() + " ("
                    + System.getProperty("java.home") + "). Run it with a newer JDK.";
        }
        try {
            // The first task reaches the coroutine engine; without the flag that throws a message naming it.
            EventLoop.run(() -> null);
            return null;
        } catch (IllegalStateException | Error e) {
            return "The loopfx demo cannot start: " + e.getMessage();
        } catch (Exception e) {
            return "The loopfx demo cannot start: " + e;
        }
    }
}
