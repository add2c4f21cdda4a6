package io.loopfx.core.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * The loop's Flight Recorder events (category "loopfx"), and the one flag the hot path reads: {@link #on} is
 * true only while a recording runs, so a loop that nobody records pays one static field read per iteration
 * and creates no event objects.
 */
public final class LoopEvents {
    /** True while a Flight Recorder recording runs in this JVM. */
    public static volatile boolean on;

    private LoopEvents() {
    }

    static {
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    update(recorder);
                }

                @Override
                public void recordingStateChanged(Recording recording) {
                    update(FlightRecorder.getFlightRecorder());
                }
            });
        } catch (RuntimeException | LinkageError noJfr) {
            on = false; // a runtime without jdk.jfr, or where it is unavailable: no events
        }
    }

    private static void update(FlightRecorder recorder) {
        boolean any = false;
        for (Recording r : recorder.getRecordings()) any |= r.getState() == RecordingState.RUNNING;
        on = any;
    }

    /** Makes sure the listener is installed (the first loop calls this). */
    public static void init() {
        // the static initializer did the work
    }

    /** One iteration of a loop ({@code runOnce}): the callbacks it ran and the queue it found. */
    @Name("loopfx.Iteration")
    @Label("Loop Iteration")
    @Category("loopfx")
    @Description("One iteration of an event loop: the callbacks ready when it began, and how many of them it ran")
    @Threshold("1 ms")
    @StackTrace(false)
    public static final class Iteration extends Event {
        /** An event to fill and commit. */
        public Iteration() {
        }

        /** The loop. */
        @Label("Loop")
        public String loop;
        /** Callbacks ready when it began. */
        @Label("Queue Length")
        public int queueLength;
        /** Callbacks it ran. */
        @Label("Callbacks Run")
        public int callbacksRun;
        /** Timers in the heap. */
        @Label("Timers")
        public int timers;
    }

    /** A callback or task step that ran longer than the event's threshold. */
    @Name("loopfx.SlowCallback")
    @Label("Slow Callback")
    @Category("loopfx")
    @Description("A callback or task step that kept the loop's thread longer than the threshold")
    @Threshold("100 ms")
    @StackTrace(false)
    public static final class SlowCallback extends Event {
        /** An event to fill and commit. */
        public SlowCallback() {
        }

        /** The loop. */
        @Label("Loop")
        public String loop;
        /** The callback (a task step names its task). */
        @Label("Callback")
        public String callback;
    }

    /** A run of the loop inside another (a nested runUntilComplete/runForever), or an outermost run. */
    @Name("loopfx.Run")
    @Label("Loop Run")
    @Category("loopfx")
    @Description("A runForever/runUntilComplete call (or a shutdown's drain) from its start to its return; depth 2 and more are nested")
    @StackTrace(false)
    public static final class Run extends Event {
        /** An event to fill and commit. */
        public Run() {
        }

        /** The loop. */
        @Label("Loop")
        public String loop;
        /** What was called. */
        @Label("Call")
        public String call;
        /** 1 for an outermost run, more for nested ones. */
        @Label("Depth")
        public int depth;
    }

    /** A task was created or has ended. Off by default: a busy program creates many. */
    @Name("loopfx.TaskLifecycle")
    @Label("Task Lifecycle")
    @Category("loopfx")
    @Description("A task was created, or ended (done, cancelled, failed)")
    @Enabled(false)
    @StackTrace(false)
    public static final class TaskLifecycle extends Event {
        /** An event to fill and commit. */
        public TaskLifecycle() {
        }

        /** The loop. */
        @Label("Loop")
        public String loop;
        /** The task's name. */
        @Label("Task")
        public String task;
        /** created, done, cancelled or failed. */
        @Label("Transition")
        public String transition;
        /** For a failure, the exception. */
        @Label("Failure")
        public String failure;
    }

    /** A timer ran later than its deadline, by a millisecond or more. */
    @Name("loopfx.TimerLateness")
    @Label("Late Timer")
    @Category("loopfx")
    @Description("A timer became ready a millisecond or more after its deadline (the loop's thread was busy)")
    @StackTrace(false)
    public static final class TimerLateness extends Event {
        /** An event to fill and commit. */
        public TimerLateness() {
        }

        /** The loop. */
        @Label("Loop")
        public String loop;
        /** How late. */
        @Label("Lateness")
        @Timespan(Timespan.NANOSECONDS)
        public long lateness;
        /** The timer's callback. */
        @Label("Timer")
        public String timer;
    }

    /** Timers later than this are recorded. */
    public static final long LATE_NANOS = 1_000_000;
}
