package io.loopfx.fx;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The FX loop's timer thread on its own (no toolkit needed). */
class FxTimerThreadTest {
    @Test
    void earlyWakeUpsReArmAndTheTimerFiresOnceAtOrAfterItsDeadline() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        AtomicLong firedAt = new AtomicLong();
        CountDownLatch latch = new CountDownLatch(1);
        FxTimerThread timer = new FxTimerThread(() -> {
            firedAt.set(System.nanoTime());
            fired.incrementAndGet();
            latch.countDown();
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
            timer.setDeadline(deadline);
            for (int i = 0; i < 50; i++) timer.setDeadline(deadline); // each one unparks the thread early
            assertTrue(latch.await(10, TimeUnit.SECONDS));
            assertTrue(firedAt.get() >= deadline, "fired " + (deadline - firedAt.get()) + " ns early");
            timer.setDeadline(Long.MAX_VALUE);
            // it fires once per deadline: a later deadline that is cancelled (MAX_VALUE) fires nothing
            long later = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            timer.setDeadline(later);
            timer.setDeadline(Long.MAX_VALUE);
            CountDownLatch probe = new CountDownLatch(1);
            FxTimerThread other = new FxTimerThread(probe::countDown);
            other.setDeadline(later + TimeUnit.MILLISECONDS.toNanos(20));
            assertTrue(probe.await(10, TimeUnit.SECONDS)); // by now the cancelled deadline has long passed
            other.shutdown();
            assertEquals(1, fired.get());
        } finally {
            timer.shutdown();
        }
    }

    @Test
    void anEarlierDeadlineReplacesALaterOne() throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        AtomicLong firedAt = new AtomicLong();
        FxTimerThread timer = new FxTimerThread(() -> {
            firedAt.set(System.nanoTime());
            latch.countDown();
        });
        try {
            timer.setDeadline(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
            long soon = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            timer.setDeadline(soon);
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the parked thread did not pick up the earlier deadline");
            assertTrue(firedAt.get() >= soon);
        } finally {
            timer.shutdown();
        }
    }
}
