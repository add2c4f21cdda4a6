package io.loopfx.core;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes event loops visible to JMX tools ({@code jconsole}, JDK Mission Control, {@code jmxterm}): each
 * registered loop is an {@link EventLoopMXBean} in the platform MBean server, named
 * {@code io.loopfx:type=EventLoop,name=<kind>-<n>} (e.g. {@code FxEventLoop-1}), whose {@code dumpTasks}
 * operation returns {@link EventLoop#dumpTasks()} as text.
 *
 * <p>Loops are not registered unless asked: call {@link #register(EventLoop)}, or start the JVM with
 * {@code -Dloopfx.jmx=true} ({@link #PROPERTY}) to register every loop when it is created. A loop of loopfx
 * is unregistered when it closes (after {@code shutdown()} for the FX loop), so the MBean server does not
 * keep closed loops alive; {@link #unregister(EventLoop)} does it earlier.
 */
public final class LoopManagement {
    /** The system property that registers every loop at creation when {@code true}. */
    public static final String PROPERTY = "loopfx.jmx";
    /** The JMX domain of loopfx's MBeans. */
    public static final String DOMAIN = "io.loopfx";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private LoopManagement() {
    }

    /**
     * Registers {@code loop} with the platform MBean server, or returns its name if it is registered already.
     *
     * @param loop the loop
     * @return its MBean's name
     * @throws NullPointerException  if loop is null
     * @throws IllegalStateException if the loop is closed, or the MBean server refuses it
     */
    public static ObjectName register(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        return register(loop, coreOf(loop));
    }

    /** Registers {@code loop}, whose implementation is {@code core} (null for a loop of another implementation). */
    static ObjectName register(EventLoop loop, CoreLoop core) {
        synchronized (LoopManagement.class) {
            if (core != null && core.mbeanName != null) return core.mbeanName;
            if (core != null ? core.isClosed() : loop.isClosed()) { // a facade in construction has no core yet
                throw new IllegalStateException("Cannot register " + loop + " with JMX: it is closed. Register a "
                        + "loop while it is open (or start the JVM with -D" + PROPERTY + "=true).");
            }
            try {
                ObjectName name = new ObjectName(DOMAIN + ":type=EventLoop,name=" + loop.getClass().getSimpleName()
                        .replace("CoreLoop", "EventLoop") + "-" + COUNTER.incrementAndGet());
                ManagementFactory.getPlatformMBeanServer().registerMBean(new Bean(loop), name);
                if (core != null) core.mbeanName = name;
                return name;
            } catch (MalformedObjectNameException | InstanceAlreadyExistsException e) {
                throw new IllegalStateException("Could not register " + loop + " with JMX: " + e.getMessage(), e);
            } catch (JMException e) {
                throw new IllegalStateException("The platform MBean server refused " + loop + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Returns the name under which {@code loop} is registered, or null.
     *
     * @param loop the loop
     * @return its MBean's name, or null if it is not registered (or not a loop of loopfx's own classes)
     */
    public static ObjectName objectName(EventLoop loop) {
        CoreLoop core = coreOf(Objects.requireNonNull(loop, "loop"));
        return core != null ? core.mbeanName : null;
    }

    /**
     * Removes {@code loop}'s MBean, if it has one. Closing a loop does this by itself.
     *
     * @param loop the loop
     */
    public static void unregister(EventLoop loop) {
        CoreLoop core = coreOf(Objects.requireNonNull(loop, "loop"));
        if (core != null) unregister(core);
    }

    static void unregister(CoreLoop core) {
        synchronized (LoopManagement.class) {
            ObjectName name = core.mbeanName;
            if (name == null) return;
            core.mbeanName = null;
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException gone) {
                // someone unregistered it through the server
            } catch (JMException e) {
                throw new IllegalStateException("Could not unregister " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private static CoreLoop coreOf(EventLoop loop) {
        if (loop instanceof CoreLoop c) return c;
        if (loop instanceof HostedEventLoop h) return h.core();
        return null;
    }

    /** The MBean of one loop. */
    private static final class Bean implements EventLoopMXBean {
        private final EventLoop loop;

        Bean(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public String dumpTasks() {
            return loop.dumpTasks().toString();
        }

        @Override
        public String getDescription() {
            return loop.toString();
        }

        @Override
        public int getLiveTasks() {
            return loop.stats().liveTasks();
        }

        @Override
        public int getReadyCallbacks() {
            return loop.stats().readyCallbacks();
        }

        @Override
        public int getTimers() {
            return loop.stats().timers();
        }

        @Override
        public long getIterations() {
            return loop.stats().iterations();
        }

        @Override
        public boolean isRunning() {
            return loop.isRunning();
        }

        @Override
        public boolean isDebug() {
            return loop.isDebug();
        }

        @Override
        public void setDebug(boolean enabled) {
            loop.setDebug(enabled);
        }
    }
}
