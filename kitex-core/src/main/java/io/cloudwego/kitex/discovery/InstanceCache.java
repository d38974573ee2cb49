package io.cloudwego.kitex.discovery;

import io.cloudwego.kitex.internal.Settings;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of one service as its {@link Resolver} last found them, asked again every refresh
 * interval: a client picks from {@link #instances()} on every call without waiting for the resolver.
 *
 * <ul>
 *   <li>The first resolution starts at once; {@link #resolved()} completes when it has finished.
 *   <li>A resolution that succeeds replaces the instances, an empty answer included.
 *   <li>A resolution that fails (the resolver throws) keeps the instances the cache had: a registry
 *       outage does not take a service's instances away. The failure is {@link #failure()} until a
 *       resolution succeeds again.
 * </ul>
 *
 * <p>Resolutions of every cache run in turn on one shared daemon thread, so a resolver that blocks
 * delays the refresh of other services, not their calls.
 */
public final class InstanceCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceCache.class);

    /** Default time between two resolutions of a service, as Kitex's balancer cache. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

    private final String serviceName;
    private final Resolver resolver;
    private final CompletableFuture<Void> resolved = new CompletableFuture<>();
    private final ScheduledFuture<?> refresh;
    private volatile List<Instance> instances = List.of();
    private volatile Exception failure;

    private InstanceCache(String serviceName, Resolver resolver, Duration refreshInterval) {
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        Settings.positive(refreshInterval, "refreshInterval");
        this.refresh = Refresher.EXECUTOR.scheduleWithFixedDelay(this::refresh, 0, refreshInterval.toNanos(),
            TimeUnit.NANOSECONDS);
    }

    /** Starts resolving {@code serviceName} through {@code resolver}, now and every {@code refreshInterval}. */
    public static InstanceCache start(String serviceName, Resolver resolver, Duration refreshInterval) {
        return new InstanceCache(serviceName, resolver, refreshInterval);
    }

    /** The service whose instances this cache holds. */
    public String serviceName() {
        return serviceName;
    }

    /**
     * The instances as last resolved: empty before the first resolution, or when the service has
     * none. The same list object until the instances change, so that users can tell a change cheaply.
     */
    public List<Instance> instances() {
        return instances;
    }

    /** Completes, never exceptionally, once the first resolution has succeeded or failed, or the cache is closed. */
    public CompletableFuture<Void> resolved() {
        return resolved;
    }

    /** Why the last resolution failed, or {@code null} when it succeeded. */
    public Exception failure() {
        return failure;
    }

    /** Stops resolving. */
    @Override
    public void close() {
        refresh.cancel(false);
        resolved.complete(null);
    }

    private void refresh() {
        try {
            List<Instance> found = List.copyOf(resolver.resolve(serviceName));
            if (failure != null) {
                log.info("instances of {} are resolved again", serviceName);
            }
            if (!found.equals(instances)) {
                log.debug("instances of {}: {}", serviceName, found);
                instances = found;
            }
            failure = null;
        } catch (Exception e) {
            if (failure == null) {
                log.warn("cannot resolve instances of {}; keeping the {} known", serviceName, instances.size(), e);
            } else {
                log.debug("cannot resolve instances of {} still", serviceName, e);
            }
            failure = e;
        } finally {
            resolved.complete(null);
        }
    }

    /** The thread every cache resolves on, started with the first cache. */
    private static final class Refresher {
        static final ScheduledExecutorService EXECUTOR =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("kitex-resolver", true));
    }
}
