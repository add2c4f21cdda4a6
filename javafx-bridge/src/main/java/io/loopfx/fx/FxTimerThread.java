package io.loopfx.fx;

import io.loopfx.core.internal.PreciseWait;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The FX loop's one timer thread: it sleeps until the earliest timer deadline and then asks for a slice on
 * the FX thread. Not a {@code Timeline}: that would fire inside a pulse, in ~16 ms steps. It never fires
 * early: a wake-up before the deadline just waits again, and the scheduler itself runs only timers whose
 * deadline has passed. It waits as precisely as the core loop's thread host, with the same {@link PreciseWait}.
 */
final class FxTimerThread {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
    private final Runnable fire;
    private volatile boolean stopped;
    private volatile Thread thread;

    FxTimerThread(Runnable fire) {
        this.fire = fire;
    }

    /** Sets the earliest deadline ({@link Long#MAX_VALUE}: none); starts the thread on first use. */
    void setDeadline(long nanos) {
        if (stopped) return;
        deadline.set(nanos);
        Thread t = thread;
        if (t == null) {
            synchronized (this) {
                if (thread == null) {
                    t = new Thread(this::run, "loopfx-fx-timer-" + COUNT.incrementAndGet());
                    t.setDaemon(true);
                    thread = t;
                    t.start();
                    return;
                }
                t = thread;
            }
        }
        LockSupport.unpark(t);
    }

    void shutdown() {
        stopped = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    private void run() {
        while (!stopped) {
            long d = deadline.get();
            if (d == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else if (System.nanoTime() - d < 0) {
                PreciseWait.step(d, nanos -> LockSupport.parkNanos(this, nanos), () -> stopped || deadline.get() != d);
            } else {
                // Due. Clear it unless it changed meanwhile; the slice reports the next one.
                deadline.compareAndSet(d, Long.MAX_VALUE);
                fire.run();
            }
        }
    }
}
