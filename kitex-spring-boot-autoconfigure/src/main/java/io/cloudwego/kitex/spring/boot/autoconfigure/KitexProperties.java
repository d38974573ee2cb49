package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.discovery.HostPort;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.retry.Backoff;
import io.cloudwego.kitex.retry.RetryPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

/**
 * The {@code kitex.*} properties: the server that serves the {@link KitexService @KitexService}
 * beans and the clients injected with {@link KitexClient @KitexClient}.
 *
 * <p>Values are checked when they are bound: a bad one fails start-up with the name of its
 * property, such as {@code kitex.client.services.echo.addresses[0]}.
 *
 * @param server The server.
 * @param client The clients.
 */
@ConfigurationProperties("kitex")
public record KitexProperties(@DefaultValue Server server, @DefaultValue Client client) implements Validator {

    /** The smallest frame size a server or client accepts. */
    static final DataSize MIN_FRAME_SIZE = DataSize.ofBytes(64);

    private static final Pattern SIMPLE_KEY = Pattern.compile("[a-z0-9-]+");

    /**
     * The server ({@code kitex.server.*}).
     *
     * @param enabled Whether to start a server when the application has @KitexService beans.
     * @param host Address to bind.
     * @param port Port to bind; 0 for any free port, published as local.kitex.server.port
     *     once the server listens.
     * @param exitWaitTime How long a graceful stop waits for in-flight calls.
     * @param idleTimeout How long a connection may carry no traffic before it is closed; 0 for ever.
     * @param maxFrameSize Largest frame accepted; a larger one closes its connection.
     * @param maxGrpcMessageSize Largest gRPC request message accepted, before and after
     *     decompression; a larger one ends its call with RESOURCE_EXHAUSTED.
     * @param honorRpcTimeout Whether to honour the RPC timeout a caller sends in TTHeader.
     * @param ioThreads Number of I/O threads; default one per core.
     * @param registry The server's registration with the application's registry.
     * @param limit The server's limits on connections and requests.
     */
    public record Server(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("8888") int port,
        @DefaultValue("5s") Duration exitWaitTime,
        @DefaultValue("10m") Duration idleTimeout,
        @DefaultValue("16MB") DataSize maxFrameSize,
        @DefaultValue("16MB") DataSize maxGrpcMessageSize,
        @DefaultValue("false") boolean honorRpcTimeout,
        @Nullable Integer ioThreads,
        @DefaultValue RegistrySettings registry,
        @DefaultValue Limit limit) {
    }

    /**
     * The server's limits ({@code kitex.server.limit.*}); 0 means no limit. A connection beyond
     * max-connections is closed as soon as it is accepted; a request beyond max-qps or
     * max-concurrency is answered with an over-limit error before its handler runs.
     *
     * @param maxConnections The most connections open at once.
     * @param maxQps The most requests accepted per second; bursts of a tenth of a second's worth pass.
     * @param maxConcurrency The most requests handled at once.
     */
    public record Limit(
        @DefaultValue("0") int maxConnections,
        @DefaultValue("0") int maxQps,
        @DefaultValue("0") int maxConcurrency) {
    }

    /**
     * Circuit breakers of a client ({@code ...circuit-breaker.*}). Unset values are taken from
     * {@code kitex.client.defaults.circuit-breaker}, then from Kitex's defaults (shown below).
     *
     * @param enabled Whether the client has circuit breakers (per method of the service, and per
     *     instance); default false, as Kitex.
     * @param errorRate Share of failed calls, above 0 and at most 1, at which a breaker opens;
     *     default 0.5.
     * @param minSamples Fewest calls in the window before a breaker may open; default 200.
     * @param window Time over which calls are counted, in whole seconds; default 10s.
     * @param waitInOpen How long an open breaker refuses every call; default 5s.
     * @param halfOpenCalls Trial calls let through after the wait, which must succeed (at the
     *     error rate) to close the breaker; default 2.
     */
    public record CircuitBreakerProperties(
        @Nullable Boolean enabled,
        @Nullable Double errorRate,
        @Nullable Integer minSamples,
        @Nullable Duration window,
        @Nullable Duration waitInOpen,
        @Nullable Integer halfOpenCalls) {

        /** These values with every value that {@code overrides} sets in place of this one. */
        CircuitBreakerProperties overriddenBy(@Nullable CircuitBreakerProperties overrides) {
            if (overrides == null) {
                return this;
            }
            return new CircuitBreakerProperties(
                ClientSettings.or(overrides.enabled(), enabled),
                ClientSettings.or(overrides.errorRate(), errorRate),
                ClientSettings.or(overrides.minSamples(), minSamples),
                ClientSettings.or(overrides.window(), window),
                ClientSettings.or(overrides.waitInOpen(), waitInOpen),
                ClientSettings.or(overrides.halfOpenCalls(), halfOpenCalls));
        }

        /** The breakers' settings, over Kitex's defaults; {@code null} when they are not enabled. */
        public @Nullable CircuitBreakerSettings toSettings() {
            if (!Boolean.TRUE.equals(enabled)) {
                return null;
            }
            CircuitBreakerSettings settings = CircuitBreakerSettings.DEFAULT;
            if (errorRate != null) {
                settings = settings.withErrorRate(errorRate);
            }
            if (minSamples != null) {
                settings = settings.withMinSamples(minSamples);
            }
            if (window != null) {
                settings = settings.withWindow(window);
            }
            if (waitInOpen != null) {
                settings = settings.withWaitInOpen(waitInOpen);
            }
            if (halfOpenCalls != null) {
                settings = settings.withHalfOpenCalls(halfOpenCalls);
            }
            return settings;
        }
    }

    /**
     * The server's registration ({@code kitex.server.registry.*}): with a registry (a Spring Cloud
     * ServiceRegistry, or a Kitex Registry bean), the server registers once it listens and
     * deregisters first when it stops.
     *
     * @param enabled Whether to register the server when the application has a registry.
     * @param weight The weight registered: the server's share of calls relative to other instances.
     * @param tags Tags registered with the server, as instance metadata.
     */
    public record RegistrySettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10") int weight,
        Map<String, String> tags) {

        public RegistrySettings {
            tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /**
     * The clients ({@code kitex.client.*}).
     *
     * @param defaults Settings of every client, unless its service sets its own.
     * @param services Per service name (as in @KitexClient("name")): its addresses, and
     *     settings that replace the defaults.
     */
    public record Client(@DefaultValue ClientSettings defaults, Map<String, ClientService> services) {

        public Client {
            services = services == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(services));
        }

        /** The properties of the service named {@code serviceName}; an empty entry when it has none. */
        public ClientService service(String serviceName) {
            return services().getOrDefault(serviceName, ClientService.EMPTY);
        }

        /** The effective settings of clients of {@code serviceName}: its own, else the defaults. */
        public ClientSettings settings(String serviceName) {
            return defaults.overriddenBy(service(serviceName));
        }
    }

    /**
     * The settings a client has, and each service may set for itself. Unset (null) means "as the
     * defaults" for a service.
     */
    interface ClientOptions {
        @Nullable Transport transport();

        @Nullable PoolType pool();

        @Nullable Duration rpcTimeout();

        @Nullable Duration connectTimeout();

        @Nullable Integer connectionsPerAddress();

        @Nullable Integer maxIdlePerAddress();

        @Nullable Integer maxIdleGlobal();

        @Nullable Duration maxIdleTime();

        @Nullable DataSize maxFrameSize();

        @Nullable Duration discoveryRefreshInterval();

        @Nullable String loadBalancer();

        @Nullable String consistentHashKey();

        @Nullable CircuitBreakerProperties circuitBreaker();

        @Nullable RetrySettings retry();
    }

    /**
     * Client settings ({@code kitex.client.defaults.*}); every value is set.
     *
     * @param transport Framing of requests: ttheader, ttheader-framed, framed,
     *     buffered, or grpc (not for Thrift services with methods lacking streaming.mode). Streaming calls,
     *     and every call of a Thrift method annotated streaming.mode, use gRPC whatever this is.
     * @param pool How connections are kept: multiplexed (many calls at once per connection),
     *     long (one call at a time per connection) or short (a connection per call).
     * @param rpcTimeout Time a call may take, connecting included; 0 for none.
     * @param connectTimeout Time allowed to open a connection.
     * @param connectionsPerAddress Connections per instance of the multiplexed pool.
     * @param maxIdlePerAddress Idle connections the long pool keeps per instance.
     * @param maxIdleGlobal Idle connections the long pool keeps over all instances.
     * @param maxIdleTime How long an idle connection of the long pool stays reusable.
     * @param maxFrameSize Largest reply frame accepted.
     * @param discoveryRefreshInterval Time between two resolutions of the instances of a service
     *     found through discovery (a service without addresses).
     * @param loadBalancer How each call's instance is chosen: weighted-round-robin,
     *     weighted-random, consistent-hash (by the metainfo value named by consistent-hash-key),
     *     or the name of a LoadBalancer bean. Unset: the application's only LoadBalancer bean if
     *     it has one, else weighted-round-robin.
     * @param consistentHashKey The metainfo key whose value (transient or persistent) a
     *     consistent-hash load balancer hashes: calls with the same value go to the same instance.
     * @param circuitBreaker Circuit breakers; off unless enabled.
     * @param retry How calls send more than one attempt: failure retry or backup request.
     */
    public record ClientSettings(
        @DefaultValue("ttheader-framed") Transport transport,
        @DefaultValue("multiplexed") PoolType pool,
        @DefaultValue("0s") Duration rpcTimeout,
        @DefaultValue("50ms") Duration connectTimeout,
        @DefaultValue("2") Integer connectionsPerAddress,
        @DefaultValue("10") Integer maxIdlePerAddress,
        @DefaultValue("100") Integer maxIdleGlobal,
        @DefaultValue("1m") Duration maxIdleTime,
        @DefaultValue("16MB") DataSize maxFrameSize,
        @DefaultValue("5s") Duration discoveryRefreshInterval,
        @Nullable String loadBalancer,
        @Nullable String consistentHashKey,
        @DefaultValue CircuitBreakerProperties circuitBreaker,
        @DefaultValue RetrySettings retry) implements ClientOptions {

        /** These settings with every value that {@code overrides} sets in place of this one. */
        ClientSettings overriddenBy(ClientOptions overrides) {
            return new ClientSettings(
                or(overrides.transport(), transport),
                or(overrides.pool(), pool),
                or(overrides.rpcTimeout(), rpcTimeout),
                or(overrides.connectTimeout(), connectTimeout),
                or(overrides.connectionsPerAddress(), connectionsPerAddress),
                or(overrides.maxIdlePerAddress(), maxIdlePerAddress),
                or(overrides.maxIdleGlobal(), maxIdleGlobal),
                or(overrides.maxIdleTime(), maxIdleTime),
                or(overrides.maxFrameSize(), maxFrameSize),
                or(overrides.discoveryRefreshInterval(), discoveryRefreshInterval),
                overrides.loadBalancer() != null ? overrides.loadBalancer() : loadBalancer,
                overrides.consistentHashKey() != null ? overrides.consistentHashKey() : consistentHashKey,
                circuitBreaker.overriddenBy(overrides.circuitBreaker()),
                or(overrides.retry(), retry));
        }

        static <T> T or(@Nullable T value, T fallback) {
            return value != null ? value : fallback;
        }
    }

    /**
     * One service's clients ({@code kitex.client.services.<name>.*}). Each setting left unset is
     * taken from {@code kitex.client.defaults}.
     *
     * @param addresses Instances as host:port, chosen among by the load balancer. Without them, the service's
     *     instances are found through discovery (Spring Cloud's DiscoveryClient), if the application
     *     has it.
     * @param transport Framing of requests: ttheader, ttheader-framed, framed,
     *     buffered, or grpc (not for Thrift services with methods lacking streaming.mode). Streaming calls,
     *     and every call of a Thrift method annotated streaming.mode, use gRPC whatever this is.
     * @param pool How connections are kept: multiplexed, long or short.
     * @param rpcTimeout Time a call may take, connecting included; 0 for none.
     * @param connectTimeout Time allowed to open a connection.
     * @param connectionsPerAddress Connections per instance of the multiplexed pool.
     * @param maxIdlePerAddress Idle connections the long pool keeps per instance.
     * @param maxIdleGlobal Idle connections the long pool keeps over all instances.
     * @param maxIdleTime How long an idle connection of the long pool stays reusable.
     * @param maxFrameSize Largest reply frame accepted.
     * @param discoveryRefreshInterval Time between two resolutions of the service's instances,
     *     when it has no addresses.
     * @param loadBalancer How each call's instance is chosen: weighted-round-robin,
     *     weighted-random, consistent-hash, or the name of a LoadBalancer bean.
     * @param consistentHashKey The metainfo key whose value a consistent-hash load balancer hashes.
     * @param circuitBreaker Circuit breakers of this service's clients, over the defaults'.
     * @param retry How calls send more than one attempt, in place of the defaults' retry as a whole.
     * @param methods Per method name, settings of that method alone.
     */
    public record ClientService(
        List<String> addresses,
        @Nullable Transport transport,
        @Nullable PoolType pool,
        @Nullable Duration rpcTimeout,
        @Nullable Duration connectTimeout,
        @Nullable Integer connectionsPerAddress,
        @Nullable Integer maxIdlePerAddress,
        @Nullable Integer maxIdleGlobal,
        @Nullable Duration maxIdleTime,
        @Nullable DataSize maxFrameSize,
        @Nullable Duration discoveryRefreshInterval,
        @Nullable String loadBalancer,
        @Nullable String consistentHashKey,
        @Nullable CircuitBreakerProperties circuitBreaker,
        @Nullable RetrySettings retry,
        Map<String, MethodSettings> methods) implements ClientOptions {

        static final ClientService EMPTY = new ClientService(List.of(), null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, Map.of());

        public ClientService {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            methods = methods == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(methods));
        }
    }

    /**
     * Settings of one method ({@code kitex.client.services.<name>.methods.<method>.*}).
     *
     * @param rpcTimeout Time a call of this method may take, in place of the service's; 0 for none.
     * @param idempotent Whether running the method twice is harmless: only then does a failure
     *     retry resend a call after a timeout or another error that may have reached the server.
     * @param retry How calls of this method send more than one attempt, in place of the service's
     *     retry as a whole.
     */
    public record MethodSettings(
        @Nullable Duration rpcTimeout,
        @DefaultValue("false") boolean idempotent,
        @Nullable RetrySettings retry) {
    }

    /** The kinds of {@link RetrySettings retry}. */
    public enum RetryType {
        /** One attempt per call; connection failures are not retried either. */
        NONE,
        /** Another attempt after an attempt fails. */
        FAILURE_RETRY,
        /** Another copy of the request after a delay without answer; the first answer wins. */
        BACKUP_REQUEST
    }

    /** The kinds of {@link RetrySettings#backoff() back-off}. */
    public enum BackoffType {
        /** No wait before a retry. */
        NONE,
        /** The same wait, backoff-delay, before every retry. */
        FIXED,
        /** A wait drawn between backoff-delay and backoff-max-delay before every retry. */
        RANDOM
    }

    /**
     * How calls send more than one attempt ({@code kitex.client.defaults.retry.*}, or {@code retry.*}
     * of a service or method, which replaces the level above as a whole).
     *
     * @param type none, failure-retry or backup-request.
     * @param maxRetries Retries of a failure retry, from 0 to 5.
     * @param backoff Wait before each failure retry: none, fixed or random.
     * @param backoffDelay The wait of a fixed back-off; the shortest wait of a random one.
     * @param backoffMaxDelay The longest wait of a random back-off.
     * @param maxDuration Time after a call's start past which no failure retry is sent; 0 for none.
     * @param backupDelay Time without an answer after which a backup request is sent; required
     *     with backup-request.
     * @param maxBackups Backup requests of one call, 1 or 2.
     * @param budgetPercent Retries and backup requests of a method, as a percentage of its calls
     *     (plus a few per window), from 1 to 100.
     * @param chainStop Whether a call that is itself a retry upstream is not retried again.
     */
    public record RetrySettings(
        @DefaultValue("none") RetryType type,
        @DefaultValue("2") int maxRetries,
        @DefaultValue("none") BackoffType backoff,
        @DefaultValue("0s") Duration backoffDelay,
        @DefaultValue("0s") Duration backoffMaxDelay,
        @DefaultValue("0s") Duration maxDuration,
        @Nullable Duration backupDelay,
        @DefaultValue("1") int maxBackups,
        @DefaultValue("10") int budgetPercent,
        @DefaultValue("true") boolean chainStop) {

        /** The policy these settings describe, or {@code null} for {@link RetryType#NONE}. */
        @Nullable RetryPolicy policy() {
            RetryPolicy policy = switch (type) {
                case NONE -> null;
                case FAILURE_RETRY -> RetryPolicy.failureRetry(maxRetries).withBackoff(backoffPolicy())
                    .withMaxDuration(maxDuration);
                case BACKUP_REQUEST -> RetryPolicy.backupRequest(backupDelay).withMaxBackups(maxBackups);
            };
            return policy == null ? null : policy.withBudgetPercent(budgetPercent).withChainStop(chainStop);
        }

        private Backoff backoffPolicy() {
            return switch (backoff) {
                case NONE -> Backoff.NONE;
                case FIXED -> Backoff.fixed(backoffDelay);
                case RANDOM -> Backoff.random(backoffDelay, backoffMaxDelay);
            };
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return KitexProperties.class.isAssignableFrom(type);
    }

    /** Rejects values no server or client could use, each under its property name. */
    @Override
    public void validate(Object target, Errors errors) {
        KitexProperties properties = (KitexProperties) target;
        Server server = properties.server();
        if (server.port() < 0 || server.port() > 65535) {
            reject(errors, "server.port", server.port(), "must be from 0 to 65535");
        }
        zeroOrPositive(errors, "server.exit-wait-time", server.exitWaitTime());
        zeroOrPositive(errors, "server.idle-timeout", server.idleTimeout());
        frameSize(errors, "server.max-frame-size", server.maxFrameSize());
        if (server.maxGrpcMessageSize().toBytes() < 1 || server.maxGrpcMessageSize().toBytes() > Integer.MAX_VALUE) {
            reject(errors, "server.max-grpc-message-size", server.maxGrpcMessageSize(), "must be from 1B to 2147483647B");
        }
        atLeast(errors, "server.io-threads", server.ioThreads(), 1);
        atLeast(errors, "server.registry.weight", server.registry().weight(), 0);
        atLeast(errors, "server.limit.max-connections", server.limit().maxConnections(), 0);
        atLeast(errors, "server.limit.max-qps", server.limit().maxQps(), 0);
        atLeast(errors, "server.limit.max-concurrency", server.limit().maxConcurrency(), 0);

        Client client = properties.client();
        validate(errors, "client.defaults.", client.defaults());
        client.services().forEach((name, service) -> {
            String prefix = "client.services" + key(name);
            List<String> addresses = service.addresses();
            for (int i = 0; i < addresses.size(); i++) {
                String address = addresses.get(i);
                String problem = address.contains("${") ? null : HostPort.problem(address);
                if (problem != null) {
                    reject(errors, prefix + ".addresses[" + i + "]", address, problem);
                }
            }
            validate(errors, prefix + ".", service);
            service.methods().forEach((method, settings) -> {
                String methodPrefix = prefix + ".methods" + key(method) + ".";
                zeroOrPositive(errors, methodPrefix + "rpc-timeout", settings.rpcTimeout());
                validate(errors, methodPrefix + "retry.", settings.retry());
            });
        });
    }

    /** The property path element of a map key: {@code .key}, or {@code [key]} when it has other characters. */
    static String key(String key) {
        return SIMPLE_KEY.matcher(key).matches() ? "." + key : "[" + key + "]";
    }

    private static void validate(Errors errors, String prefix, ClientOptions options) {
        zeroOrPositive(errors, prefix + "rpc-timeout", options.rpcTimeout());
        positive(errors, prefix + "connect-timeout", options.connectTimeout());
        atLeast(errors, prefix + "connections-per-address", options.connectionsPerAddress(), 1);
        atLeast(errors, prefix + "max-idle-per-address", options.maxIdlePerAddress(), 0);
        atLeast(errors, prefix + "max-idle-global", options.maxIdleGlobal(), 0);
        positive(errors, prefix + "max-idle-time", options.maxIdleTime());
        frameSize(errors, prefix + "max-frame-size", options.maxFrameSize());
        positive(errors, prefix + "discovery-refresh-interval", options.discoveryRefreshInterval());
        CircuitBreakerProperties breaker = options.circuitBreaker();
        if (breaker != null) {
            String cb = prefix + "circuit-breaker.";
            if (breaker.errorRate() != null && !(breaker.errorRate() > 0 && breaker.errorRate() <= 1)) {
                reject(errors, cb + "error-rate", breaker.errorRate(), "must be above 0 and at most 1");
            }
            atLeast(errors, cb + "min-samples", breaker.minSamples(), 1);
            Duration window = breaker.window();
            if (window != null && (window.isNegative() || window.isZero() || window.toNanos() % 1_000_000_000L != 0)) {
                reject(errors, cb + "window", window, "must be a positive whole number of seconds");
            }
            positive(errors, cb + "wait-in-open", breaker.waitInOpen());
            atLeast(errors, cb + "half-open-calls", breaker.halfOpenCalls(), 1);
        }
        validate(errors, prefix + "retry.", options.retry());
    }

    private static void validate(Errors errors, String prefix, @Nullable RetrySettings retry) {
        if (retry == null) {
            return;
        }
        between(errors, prefix + "max-retries", retry.maxRetries(), 0, RetryPolicy.MAX_RETRIES);
        between(errors, prefix + "max-backups", retry.maxBackups(), 1, RetryPolicy.MAX_BACKUPS);
        between(errors, prefix + "budget-percent", retry.budgetPercent(), 1, 100);
        zeroOrPositive(errors, prefix + "backoff-delay", retry.backoffDelay());
        zeroOrPositive(errors, prefix + "backoff-max-delay", retry.backoffMaxDelay());
        zeroOrPositive(errors, prefix + "max-duration", retry.maxDuration());
        if (retry.backoff() == BackoffType.RANDOM && retry.backoffMaxDelay().compareTo(retry.backoffDelay()) < 0) {
            reject(errors, prefix + "backoff-max-delay", retry.backoffMaxDelay(), "must not be less than backoff-delay");
        }
        if (retry.type() == RetryType.BACKUP_REQUEST) {
            if (retry.backupDelay() == null) {
                reject(errors, prefix + "backup-delay", "", "must be set for a backup-request retry");
            } else {
                positive(errors, prefix + "backup-delay", retry.backupDelay());
            }
        }
    }

    private static void between(Errors errors, String property, int value, int min, int max) {
        if (value < min || value > max) {
            reject(errors, property, value, "must be from " + min + " to " + max);
        }
    }

    private static void zeroOrPositive(Errors errors, String property, @Nullable Duration value) {
        if (value != null && value.isNegative()) {
            reject(errors, property, value, "must not be negative");
        }
    }

    private static void positive(Errors errors, String property, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            reject(errors, property, value, "must be more than 0");
        }
    }

    private static void atLeast(Errors errors, String property, @Nullable Integer value, int min) {
        if (value != null && value < min) {
            reject(errors, property, value, "must be at least " + min);
        }
    }

    private static void frameSize(Errors errors, String property, @Nullable DataSize value) {
        if (value != null && (value.compareTo(MIN_FRAME_SIZE) < 0 || value.toBytes() > Integer.MAX_VALUE)) {
            reject(errors, property, value, "must be from 64B to 2147483647B");
        }
    }

    /** Records that {@code value} of {@code property} (relative to {@code kitex}) is wrong, and why. */
    private static void reject(Errors errors, String property, Object value, String reason) {
        if (errors instanceof BindingResult result) {
            // With the value itself: Boot's binder only knows whole lists, not their elements.
            result.addError(new FieldError(result.getObjectName(), property, value, false,
                result.resolveMessageCodes("invalid", property), null, reason));
        } else {
            errors.rejectValue(property, "invalid", reason);
        }
    }
}
