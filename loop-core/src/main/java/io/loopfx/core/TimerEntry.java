package io.loopfx.core;

/** A timer of the loop's heap, ordered by (deadline, scheduling order) so equal deadlines stay FIFO. */
final class TimerEntry extends CallbackHandle implements TimerHandle, Comparable<TimerEntry> {
    private final CoreLoop loop;
    final long when;
    final long seq;
    boolean inHeap = true;   // loop thread only
    boolean counted;         // loop thread only: counted among the heap's cancelled timers

    TimerEntry(CoreLoop loop, long when, long seq, Runnable callback) {
        super(callback);
        this.loop = loop;
        this.when = when;
        this.seq = seq;
    }

    @Override
    public long when() {
        return when;
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        loop.timerCancelled(this);
    }

    @Override
    public int compareTo(TimerEntry o) {
        int c = Long.compare(when, o.when);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return "TimerHandle[when=" + when + ", " + callback + (cancelled ? ", cancelled]" : "]");
    }
}
