package io.loopfx.bench.peers;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's event loop for a trial: a {@code MultiThreadIoEventLoopGroup} of one {@code SingleThreadIoEventLoop}
 * with the NIO {@code IoHandler} (the JDK's selector, what Netty runs on without a native transport), on its
 * own thread as Netty always runs it. Created only for the benchmarks that take it as a parameter.
 */
@State(Scope.Thread)
public class NettyLoop {
    /** The group of one loop. */
    MultiThreadIoEventLoopGroup group;
    /** Its only event loop. */
    EventLoop loop;

    /** Creates the state; JMH instantiates it. */
    public NettyLoop() {
    }

    /** Starts the loop for this trial. */
    @Setup(Level.Trial)
    public void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
    }

    /** Stops it after the trial. */
    @TearDown(Level.Trial)
    public void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
