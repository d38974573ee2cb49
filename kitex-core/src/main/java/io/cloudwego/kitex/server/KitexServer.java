package io.cloudwego.kitex.server;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.internal.Settings;
import io.cloudwego.kitex.limit.Limiter;
import io.cloudwego.kitex.limit.Limits;
import io.cloudwego.kitex.registry.Registry;
import io.cloudwego.kitex.registry.RegistryInfo;
import io.cloudwego.kitex.remote.netty.EventLoops;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kitex-java server: one port serving every registered service in every Thrift framing (TTHeader,
 * TTHeaderFramed, Framed, Buffered), detected per connection and per message and answered in kind,
 * and Protobuf services over gRPC (HTTP/2, detected by its connection preface).
 *
 * <pre>{@code
 * KitexServer server = KitexServer.builder()
 *     .port(8888)
 *     .service(EchoService.DESCRIPTOR, new EchoServiceImpl())
 *     .build()
 *     .start();
 * ...
 * server.stop(); // graceful: in-flight calls complete first
 * }</pre>
 *
 * <p>A server built with a {@link Registry} registers itself once it listens, and deregisters first
 * when it stops.
 */
public final class KitexServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KitexServer.class);

    /** Default time {@link #stop()} waits for in-flight calls. */
    public static final Duration DEFAULT_EXIT_WAIT_TIME = Duration.ofSeconds(5);
    /** Default largest frame accepted. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    /** Default largest gRPC message accepted, compressed or not: 16 MiB. */
    public static final int DEFAULT_MAX_GRPC_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** Default HTTP/2 flow-control window of each gRPC stream and of each connection: 1 MiB. */
    public static final int DEFAULT_GRPC_INITIAL_WINDOW_SIZE = 1024 * 1024;
    /** Default largest header block of a gRPC request: 16 KiB. */
    public static final int DEFAULT_GRPC_MAX_HEADER_LIST_SIZE = 16 * 1024;
    /** Default time after which a connection with no traffic is closed. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Time {@link #stop()} allows for replies already made to be written, even once the exit wait is over. */
    private static final Duration REPLY_FLUSH_GRACE = Duration.ofSeconds(1);

    private final String host;
    private final int requestedPort;
    private final String serviceName;
    private final ServiceTable services;
    private final Executor executor;
    private final boolean ownsExecutor;
    private final Duration exitWaitTime;
    private final Duration idleTimeout;
    private final int maxFrameSize;
    private final boolean honorRpcTimeout;
    private final int maxGrpcMessageSize;
    private final int grpcInitialWindowSize;
    private final int grpcMaxHeaderListSize;
    private final SslContext sslContext;
    private final int ioThreads;
    private final Registry registry;
    private final int registryWeight;
    private final Map<String, String> registryTags;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Limiter limiter;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();

    private volatile boolean draining;
    private volatile boolean running;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    private KitexServer(Builder builder) {
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.services = new ServiceTable(builder.registrations, builder.middlewares);
        this.serviceName = builder.serviceName != null ? builder.serviceName : builder.firstServiceName;
        this.ownsExecutor = builder.executor == null;
        this.executor = ownsExecutor ? HandlerExecutors.newDefaultExecutor() : builder.executor;
        this.exitWaitTime = builder.exitWaitTime;
        this.idleTimeout = builder.idleTimeout;
        this.maxFrameSize = builder.maxFrameSize;
        this.honorRpcTimeout = builder.honorRpcTimeout;
        this.maxGrpcMessageSize = builder.maxGrpcMessageSize;
        this.grpcInitialWindowSize = builder.grpcInitialWindowSize;
        this.grpcMaxHeaderListSize = builder.grpcMaxHeaderListSize;
        this.sslContext = builder.sslContext;
        this.ioThreads = builder.ioThreads;
        this.registry = builder.registry;
        this.registryWeight = builder.registryWeight;
        this.registryTags = Map.copyOf(builder.registryTags);
        this.limiter = new Limiter(new Limits(builder.maxConnections, builder.maxQps, builder.maxConcurrency),
            metrics::refused);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port, starts serving, and registers the server with its registry, if it has one.
     *
     * @throws IllegalStateException when the port cannot be bound or the server cannot be registered
     */
    public synchronized KitexServer start() {
        if (running) {
            return this;
        }
        bossGroup = EventLoops.newGroup(1, "kitex-server-accept", false);
        workerGroup = EventLoops.newGroup(ioThreads, "kitex-server-io", false);
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(EventLoops.serverChannelType())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (!limiter.tryAcquireConnection()) {
                        log.debug("closing connection from {}: over max-connections {}", ch.remoteAddress(),
                            limiter.limits().maxConnections());
                        ch.close();
                        return;
                    }
                    ch.closeFuture().addListener(closed -> limiter.releaseConnection());
                    if (sslContext != null) {
                        ch.pipeline().addLast("kitex-tls", sslContext.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast("kitex-idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
                    ch.pipeline().addLast("kitex-detector", new ProtocolDetector(KitexServer.this, maxFrameSize));
                    ch.pipeline().addLast("kitex-server", new ServerConnection(KitexServer.this));
                }
            });
        ChannelFuture bind = bootstrap.bind(new InetSocketAddress(host, requestedPort)).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdownGroups();
            throw new IllegalStateException("kitex server cannot bind " + host + ":" + requestedPort + ": "
                + bind.cause().getMessage(), bind.cause());
        }
        serverChannel = bind.channel();
        running = true;
        log.info("kitex server listening on {} ({}), services {}", serverChannel.localAddress(),
            EventLoops.isEpoll() ? "epoll" : "nio", services.serviceNames());
        if (registry != null) {
            RegistryInfo info = registryInfo();
            try {
                registry.register(info);
            } catch (Exception e) {
                running = false;
                serverChannel.close().syncUninterruptibly();
                shutdownGroups();
                throw new IllegalStateException("kitex server cannot register " + info + ": " + e.getMessage(), e);
            }
            log.info("kitex server registered {}", serviceName);
        }
        return this;
    }

    /** The bound port (useful when built with port 0). */
    public int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("server is not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean isRunning() {
        return running;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /**
     * The limiter enforcing this server's {@link Limits}: every transport asks it to admit each
     * connection and request.
     */
    public Limiter limiter() {
        return limiter;
    }

    /**
     * Stops gracefully, so that a client that heeds {@code crrst} and GOAWAY (as kitex-java's and
     * Kitex's do) has no call fail:
     * <ol>
     *   <li>deregisters from the registry, if any, so that clients stop choosing this server;
     *   <li>stops accepting connections: a client's connect is refused, which never reaches the
     *       server, so the client may send that call elsewhere;
     *   <li>goes on serving the connections it has, up to the exit wait time: TTHeader replies are
     *       marked {@code crrst} (the instance is stopping: clients pass over it and retire their
     *       connections to it), a multiplexing client's idle connection is sent a control frame marked
     *       {@code crrst}, and gRPC connections get a GOAWAY, so that new streams are refused;
     *   <li>closes each Thrift connection once no call is in flight on it and its client can no longer
     *       be sending on it (the client closed it, or it takes one call at a time and had its
     *       {@code crrst}), and each gRPC connection once its streams are done;
     *   <li>when the exit wait time ends, closes the connections left once the replies already made
     *       are written.
     * </ol>
     */
    public void stop() {
        stop(exitWaitTime);
    }

    /** {@link #stop()} with an explicit exit wait time. */
    public synchronized void stop(Duration exitWait) {
        if (!running) {
            return;
        }
        running = false;
        if (registry != null) {
            try {
                registry.deregister(registryInfo());
                log.info("kitex server deregistered {}", serviceName);
            } catch (Exception e) {
                log.warn("kitex server could not deregister {}", registryInfo(), e);
            }
        }
        draining = true;
        serverChannel.close().syncUninterruptibly();
        for (ServerConnection connection : connections) {
            connection.startDraining();
        }
        long deadline = System.nanoTime() + exitWait.toNanos();
        while (!isDrained() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int abandoned = metrics.inFlightRequests();
        if (abandoned > 0) {
            log.warn("kitex server stopping with {} calls still in flight after {}ms", abandoned, exitWait.toMillis());
        }
        // Shutting the event loops down closes their channels before it runs their pending tasks,
        // so a reply still queued would be lost: let every connection close by itself first.
        List<ChannelFuture> closed = new ArrayList<>();
        for (ServerConnection connection : connections) {
            closed.add(connection.closeAfterPendingWrites());
        }
        long flushDeadline = Math.max(deadline, System.nanoTime() + REPLY_FLUSH_GRACE.toNanos());
        for (ChannelFuture close : closed) {
            close.awaitUninterruptibly(Math.max(0, flushDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        shutdownGroups();
        if (ownsExecutor) {
            ((ExecutorService) executor).shutdown();
        }
        log.info("kitex server stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether no call is in flight and every connection is done draining. */
    private boolean isDrained() {
        if (metrics.inFlightRequests() > 0) {
            return false;
        }
        for (ServerConnection connection : connections) {
            if (!connection.isDrained()) {
                return false;
            }
        }
        return true;
    }

    private void shutdownGroups() {
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private RegistryInfo registryInfo() {
        return new RegistryInfo(serviceName, (InetSocketAddress) serverChannel.localAddress(), registryWeight, registryTags);
    }

    ServiceTable services() {
        return services;
    }

    Executor executor() {
        return executor;
    }

    String serviceName() {
        return serviceName;
    }

    boolean honorsRpcTimeout() {
        return honorRpcTimeout;
    }

    int maxGrpcMessageSize() {
        return maxGrpcMessageSize;
    }

    int grpcInitialWindowSize() {
        return grpcInitialWindowSize;
    }

    int grpcMaxHeaderListSize() {
        return grpcMaxHeaderListSize;
    }

    Duration exitWaitTime() {
        return exitWaitTime;
    }

    boolean isDraining() {
        return draining;
    }

    void connectionOpened(ServerConnection connection) {
        connections.add(connection);
        metrics.connectionOpened();
    }

    void connectionClosed(ServerConnection connection) {
        if (connections.remove(connection)) {
            metrics.connectionClosed();
        }
    }

    /** Builds a {@link KitexServer}. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8888;
        private String serviceName;
        private String firstServiceName;
        private final List<ServiceTable.Registration<?>> registrations = new ArrayList<>();
        private final List<Middleware> middlewares = new ArrayList<>();
        private Executor executor;
        private Duration exitWaitTime = DEFAULT_EXIT_WAIT_TIME;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private boolean honorRpcTimeout;
        private int maxGrpcMessageSize = DEFAULT_MAX_GRPC_MESSAGE_SIZE;
        private int grpcInitialWindowSize = DEFAULT_GRPC_INITIAL_WINDOW_SIZE;
        private int grpcMaxHeaderListSize = DEFAULT_GRPC_MAX_HEADER_LIST_SIZE;
        private SslContext sslContext;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private Registry registry;
        private int registryWeight = Instance.DEFAULT_WEIGHT;
        private Map<String, String> registryTags = Map.of();
        private int maxConnections;
        private int maxQps;
        private int maxConcurrency;

        private Builder() {
        }

        /** The address to bind; default all interfaces. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; default 8888, 0 for any free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
            }
            this.port = port;
            return this;
        }

        /** This server's own service name, seen by handlers as the callee; default the first service's IDL name. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Adds middleware run around every handler of every service, in the order added. */
        public Builder middleware(Middleware... middlewares) {
            this.middlewares.addAll(List.of(middlewares));
            return this;
        }

        /** Serves {@code implementation}; its handlers run on the handler executor. */
        public <S> Builder service(ServiceDescriptor<S> service, S implementation) {
            return service(service, implementation, HandlerExecution.EXECUTOR);
        }

        /**
         * Serves {@code implementation} with its handlers run as {@code execution} says. The unary
         * methods of a Protobuf service are served as Kitex Protobuf and over gRPC; its streaming
         * methods over gRPC only. A Thrift service's methods are served over the message framings,
         * and those annotated {@code streaming.mode} over gRPC only ({@code application/grpc+thrift}).
         */
        public <S> Builder service(ServiceDescriptor<S> service, S implementation, HandlerExecution execution) {
            registrations.add(new ServiceTable.Registration<>(service,
                Objects.requireNonNull(implementation, "implementation"), Objects.requireNonNull(execution, "execution")));
            if (firstServiceName == null) {
                firstServiceName = service.name();
            }
            return this;
        }

        /**
         * The executor for handlers; the server does not shut it down. Default: virtual threads on
         * JDK 21+, a bounded pool otherwise (see {@link HandlerExecutors}).
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How long {@link KitexServer#stop()} waits for in-flight calls; default 5 s. */
        public Builder exitWaitTime(Duration exitWaitTime) {
            this.exitWaitTime = Settings.zeroOrPositive(exitWaitTime, "exitWaitTime");
            return this;
        }

        /** How long a connection may carry no traffic before it is closed; default 10 minutes. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Settings.zeroOrPositive(idleTimeout, "idleTimeout");
            return this;
        }

        /** The largest frame accepted, in bytes; a larger one closes its connection. Default 16 MiB. */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = Settings.atLeast(maxFrameSize, 64, "maxFrameSize");
            return this;
        }

        /**
         * Whether to honour the RPC timeout a caller sends (TTHeader int key 12): the handler's
         * {@code RpcInfo} gets that deadline, calls it makes downstream are bounded by it, and the
         * call is answered with a timeout error once it passes. Default off, as in Kitex.
         */
        public Builder honorRpcTimeout(boolean honorRpcTimeout) {
            this.honorRpcTimeout = honorRpcTimeout;
            return this;
        }

        /**
         * The largest gRPC request message accepted, in bytes, before and after decompression; a
         * larger one ends its call with {@code RESOURCE_EXHAUSTED}, and the connection goes on.
         * Default 16 MiB.
         */
        public Builder maxGrpcMessageSize(int maxGrpcMessageSize) {
            this.maxGrpcMessageSize = Settings.atLeast(maxGrpcMessageSize, 1, "maxGrpcMessageSize");
            return this;
        }

        /**
         * The HTTP/2 flow-control window granted to each gRPC stream and to each connection, in
         * bytes: how much a client may send ahead of the handler taking messages. Default 1 MiB.
         */
        public Builder grpcInitialWindowSize(int grpcInitialWindowSize) {
            this.grpcInitialWindowSize = Settings.atLeast(grpcInitialWindowSize, 65_535, "grpcInitialWindowSize");
            return this;
        }

        /** The largest header block (HPACK-decoded) a gRPC request may have, in bytes. Default 16 KiB. */
        public Builder grpcMaxHeaderListSize(int grpcMaxHeaderListSize) {
            this.grpcMaxHeaderListSize = Settings.atLeast(grpcMaxHeaderListSize, 1024, "grpcMaxHeaderListSize");
            return this;
        }

        /**
         * Serves every connection over TLS with {@code sslContext} (a server context; for gRPC,
         * built with ALPN offering {@code h2}). Default: plain TCP, where gRPC is h2c.
         */
        public Builder sslContext(SslContext sslContext) {
            if (!Objects.requireNonNull(sslContext, "sslContext").isServer()) {
                throw new IllegalArgumentException("sslContext must be a server context");
            }
            this.sslContext = sslContext;
            return this;
        }

        /** Number of I/O threads; default one per core. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = Settings.atLeast(ioThreads, 1, "ioThreads");
            return this;
        }

        /** Registers the server with {@code registry} once it listens, and deregisters it first when it stops. */
        public Builder registry(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The weight registered for this server: its share of calls; default 10, as Kitex. */
        public Builder registryWeight(int registryWeight) {
            this.registryWeight = Settings.atLeast(registryWeight, 0, "registryWeight");
            return this;
        }

        /** The tags registered for this server; default none. */
        public Builder registryTags(Map<String, String> registryTags) {
            this.registryTags = Map.copyOf(registryTags);
            return this;
        }

        /**
         * The most connections open at once; one more is closed as soon as it is accepted. Default 0,
         * no limit, as Kitex.
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = Settings.atLeast(maxConnections, 0, "maxConnections");
            return this;
        }

        /**
         * The most requests accepted per second; one more is answered with an over-limit error before
         * its args are decoded. Bursts of up to a tenth of a second's worth pass. Default 0, no limit,
         * as Kitex.
         */
        public Builder maxQps(int maxQps) {
            this.maxQps = Settings.atLeast(maxQps, 0, "maxQps");
            return this;
        }

        /**
         * The most requests handled at once (from decoding to reply); one more is answered with an
         * over-limit error before its args are decoded. Default 0, no limit.
         */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = Settings.atLeast(maxConcurrency, 0, "maxConcurrency");
            return this;
        }

        /** Sets all three limits at once; see {@link Limits}. */
        public Builder limits(Limits limits) {
            return maxConnections(limits.maxConnections()).maxQps(limits.maxQps()).maxConcurrency(limits.maxConcurrency());
        }

        public KitexServer build() {
            if (registrations.isEmpty()) {
                throw new IllegalStateException("a kitex server needs at least one service");
            }
            return new KitexServer(this);
        }
    }
}
