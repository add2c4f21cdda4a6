package io.loopfx.demo;

import java.lang.reflect.InvocationTargetException;

/**
 * The demo's entry point (the jar's Main-Class). It is compiled for Java 8, apart from the rest, so that an
 * old JVM can still run it and say in one sentence what is wrong, instead of failing to load the demo's
 * Java 21 classes with an {@code UnsupportedClassVersionError}. Then it hands over to {@code DemoApp.main},
 * which checks the JVM flag.
 */
public final class Launcher {
    private static final int REQUIRED = 21;

    private Launcher() {
    }

    /**
     * Checks the Java version, then starts the demo.
     *
     * @param args command-line arguments, passed to JavaFX
     * @throws Exception what the demo throws
     */
    public static void main(String[] args) throws Exception {
        String spec = System.getProperty("java.specification.version"); // "1.8", "17", "21", ...
        int feature = Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec.split("\\.")[0]);
        if (feature < REQUIRED) {
            System.err.println("The loopfx demo needs Java " + REQUIRED + " or newer, but this is Java " + spec
                    + " (" + System.getProperty("java.home") + "). Run it with a newer JDK, e.g. "
                    + "/path/to/jdk-21/bin/java -jar demo-app.jar");
            System.exit(1);
        }
        try {
            // Reflection: this class is compiled for Java 8 and cannot link against Java 21 classes.
            Class.forName("io.loopfx.demo.DemoApp").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) throw (Exception) cause;
            throw (Error) cause;
        }
    }
}
