package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.remote.netty.EventLoops;
import io.cloudwego.kitex.remote.netty.FrameDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/** Opens client connections with the client's settings, and counts the open ones. */
final class Connector {
    private final Bootstrap bootstrap;
    private final int maxFrameSize;
    private final Duration connectTimeout;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Consumer<SocketAddress> onStopping;

    /** @param onStopping told the address of an instance whose server says it is stopping ({@code crrst}) */
    Connector(EventLoopGroup group, Duration connectTimeout, int maxFrameSize, Consumer<SocketAddress> onStopping) {
        this.maxFrameSize = maxFrameSize;
        this.onStopping = onStopping;
        this.connectTimeout = connectTimeout;
        this.bootstrap = new Bootstrap()
            .group(group)
            .channel(EventLoops.channelType())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()));
    }

    CompletableFuture<ClientConnection> connect(SocketAddress address) {
        ClientConnection connection = new ClientConnection(address, onStopping);
        return connect(address, ch -> {
            connection.attach(ch);
            ch.pipeline().addLast("kitex-frame-decoder", new FrameDecoder(maxFrameSize));
            ch.pipeline().addLast("kitex-client", connection);
            return connection;
        });
    }

    /**
     * Opens a connection to {@code address} whose pipeline {@code initializer} sets up; the future
     * completes with what the initializer returned once the connection is open.
     */
    <C> CompletableFuture<C> connect(SocketAddress address, Function<Channel, C> initializer) {
        CompletableFuture<C> result = new CompletableFuture<>();
        AtomicReference<C> initialized = new AtomicReference<>();
        ChannelFuture connect = bootstrap.clone()
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    initialized.set(initializer.apply(ch));
                }
            })
            .connect(address);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                openConnections.incrementAndGet();
                connect.channel().closeFuture().addListener(c -> openConnections.decrementAndGet());
                result.complete(initialized.get());
            } else {
                result.completeExceptionally(new ConnectFailedException(address, f.cause()));
            }
        });
        return result;
    }

    /** Time allowed to open a connection. */
    Duration connectTimeout() {
        return connectTimeout;
    }

    /** Connections open now. */
    int openConnections() {
        return openConnections.get();
    }
}
