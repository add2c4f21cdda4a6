package io.loopfx.core;

/** Run in a child JVM without the --add-exports flag by {@link CoroutineFlagTest}. */
public final class NoFlagMain {
    private NoFlagMain() {
    }

    public static void main(String[] args) throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            loop.callSoon(() -> System.out.println("callbacks work without the flag"));
            loop.callSoon(loop::stop);
            loop.runForever();
        }
        try {
            EventLoop.run(() -> 1);
            System.out.println("UNEXPECTED: coroutines ran");
        } catch (IllegalStateException e) {
            System.out.println("ERROR: " + e.getMessage());
        }
    }
}
