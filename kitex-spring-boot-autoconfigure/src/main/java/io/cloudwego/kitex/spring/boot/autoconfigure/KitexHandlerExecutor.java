package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.server.HandlerExecutors;
import io.cloudwego.kitex.server.KitexServer;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;

/**
 * The executor of the auto-configured server's handlers, chosen by {@code spring.threads.virtual.enabled}:
 * virtual threads when it is true (on JDK 21+), a bounded pool of platform threads when it is false,
 * and kitex-core's default when it is unset. Shuts down an executor it made when the context closes.
 * Not an {@code Executor} bean, so that it does not stand in for the application's task executor.
 */
final class KitexHandlerExecutor implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(KitexHandlerExecutor.class);
    static final String VIRTUAL_THREADS = "spring.threads.virtual.enabled";

    private final @Nullable ExecutorService executor;

    private KitexHandlerExecutor(@Nullable ExecutorService executor) {
        this.executor = executor;
    }

    static KitexHandlerExecutor of(Environment environment) {
        Boolean virtual = environment.getProperty(VIRTUAL_THREADS, Boolean.class);
        if (virtual == null) {
            return new KitexHandlerExecutor(null);
        }
        if (!virtual) {
            return new KitexHandlerExecutor(HandlerExecutors.newBoundedExecutor(HandlerExecutors.BOUNDED_POOL_THREADS,
                HandlerExecutors.BOUNDED_POOL_QUEUE));
        }
        if (!Threading.VIRTUAL.isActive(environment)) {
            log.info("{} is true but this JDK has no virtual threads; Kitex handlers run on a bounded pool",
                VIRTUAL_THREADS);
            return new KitexHandlerExecutor(null);
        }
        return new KitexHandlerExecutor(HandlerExecutors.newVirtualThreadExecutor());
    }

    /** Makes {@code builder} run handlers on this executor, unless kitex-core's default is meant. */
    void applyTo(KitexServer.Builder builder) {
        if (executor != null) {
            builder.executor(executor);
        }
    }

    @Override
    public void destroy() {
        if (executor != null) {
            executor.shutdown();
        }
    }
}
