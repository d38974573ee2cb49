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

/** Opens client connections with the client's settings, and counts the open ones. */
final class Connector {
    private final Bootstrap bootstrap;
    private final int maxFrameSize;
    private final AtomicInteger openConnections = new AtomicInteger();

    Connector(EventLoopGroup group, Duration connectTimeout, int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        this.bootstrap = new Bootstrap()
            .group(group)
            .channel(EventLoops.channelType())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()));
    }

    CompletableFuture<ClientConnection> connect(SocketAddress address) {
        ClientConnection connection = new ClientConnection(address);
        CompletableFuture<ClientConnection> result = new CompletableFuture<>();
        ChannelFuture connect = bootstrap.clone()
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    connection.attach(ch);
                    ch.pipeline().addLast("kitex-frame-decoder", new FrameDecoder(maxFrameSize));
                    ch.pipeline().addLast("kitex-client", connection);
                }
            })
            .connect(address);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                openConnections.incrementAndGet();
                connect.channel().closeFuture().addListener(c -> openConnections.decrementAndGet());
                result.complete(connection);
            } else {
                result.completeExceptionally(new ConnectFailedException(address, f.cause()));
            }
        });
        return result;
    }

    /** Connections open now. */
    int openConnections() {
        return openConnections.get();
    }
}
