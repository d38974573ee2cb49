package io.cloudwego.kitex.remote.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Chooses the Netty transport: native epoll where it loads, NIO otherwise. */
public final class EventLoops {
    private static final boolean EPOLL = Epoll.isAvailable();
    private static volatile EventLoopGroup sharedClientGroup;

    private EventLoops() {
    }

    /** Whether native epoll is in use. */
    public static boolean isEpoll() {
        return EPOLL;
    }

    /**
     * A new event loop group of {@code threads} threads named after {@code name}; daemon threads do
     * not keep the JVM alive.
     */
    public static EventLoopGroup newGroup(int threads, String name, boolean daemon) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, daemon), factory);
    }

    /**
     * The event loop group that clients share unless given their own: one thread per core, daemon
     * threads, living as long as the JVM.
     */
    public static EventLoopGroup sharedClientGroup() {
        EventLoopGroup group = sharedClientGroup;
        if (group == null) {
            synchronized (EventLoops.class) {
                group = sharedClientGroup;
                if (group == null) {
                    group = newGroup(Runtime.getRuntime().availableProcessors(), "kitex-client", true);
                    sharedClientGroup = group;
                }
            }
        }
        return group;
    }

    public static Class<? extends ServerSocketChannel> serverChannelType() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> channelType() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
