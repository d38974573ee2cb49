package io.cloudwego.kitex.server;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The executors business handlers run on by default. */
public final class HandlerExecutors {
    /** Threads of the bounded pool used where virtual threads are missing. */
    public static final int BOUNDED_POOL_THREADS = 200;
    /** Tasks the bounded pool queues before it rejects calls. */
    public static final int BOUNDED_POOL_QUEUE = 10_000;

    private HandlerExecutors() {
    }

    /** Whether this JDK has virtual threads (21+). */
    public static boolean virtualThreadsAvailable() {
        return virtualThreadFactoryMethod() != null;
    }

    /**
     * A new executor that starts a virtual thread per task on JDK 21+, and otherwise a bounded pool of
     * {@value #BOUNDED_POOL_THREADS} daemon threads with a queue of {@value #BOUNDED_POOL_QUEUE} tasks.
     */
    public static ExecutorService newDefaultExecutor() {
        ExecutorService virtual = newVirtualThreadExecutor();
        return virtual != null ? virtual : newBoundedExecutor(BOUNDED_POOL_THREADS, BOUNDED_POOL_QUEUE);
    }

    /** A virtual-thread-per-task executor, or {@code null} before JDK 21. */
    public static ExecutorService newVirtualThreadExecutor() {
        Method method = virtualThreadFactoryMethod();
        if (method == null) {
            return null;
        }
        try {
            return (ExecutorService) method.invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * A pool of up to {@code threads} daemon threads that rejects tasks once {@code queueSize} wait.
     * It wakes a parked thread only when no thread is already looking for a task, so a burst of quick
     * handlers costs a wake-up or two rather than one per call; idle threads end after a minute.
     */
    public static ExecutorService newBoundedExecutor(int threads, int queueSize) {
        return new BoundedHandlerPool(threads, queueSize, 60, TimeUnit.SECONDS, new DefaultThreadFactory("kitex-handler", true));
    }

    private static Method virtualThreadFactoryMethod() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
