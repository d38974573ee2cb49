package io.cloudwego.kitex.server;

import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded pool of threads for handlers that may block, which wakes a parked thread only when no
 * thread is awake and looking for a task already.
 *
 * <p>A thread that takes a task wakes the next one if more tasks wait and no other thread is
 * looking, so a handler that blocks never holds up the queue, and the pool grows to its maximum
 * under blocking load. A burst of quick tasks, such as the requests of one read from a pipelining
 * client, costs one or two wake-ups instead of one per task: a {@code ThreadPoolExecutor} wakes a
 * thread for every task, and on a busy core each of those is a context switch. Idle threads end
 * after the keep-alive time.
 */
final class BoundedHandlerPool extends AbstractExecutorService {
    private final int maxThreads;
    private final int queueSize;
    private final long keepAliveNanos;
    private final ThreadFactory threadFactory;
    private final Queue<Runnable> tasks;
    /** Tasks queued and not yet taken; the queue's own capacity is a power of two at least {@link #queueSize}. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Parked threads, the most recently parked first. */
    private final Deque<Worker> idle = new ConcurrentLinkedDeque<>();
    /** Threads awake and not running a task: started, woken, or between two tasks. */
    private final AtomicInteger searching = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean shutdown;

    BoundedHandlerPool(int maxThreads, int queueSize, long keepAlive, TimeUnit unit, ThreadFactory threadFactory) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1: " + maxThreads);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1: " + queueSize);
        }
        this.maxThreads = maxThreads;
        this.queueSize = queueSize;
        this.keepAliveNanos = unit.toNanos(keepAlive);
        this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
        this.tasks = PlatformDependent.newFixedMpmcQueue(queueSize);
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (shutdown) {
            throw new RejectedExecutionException("the handler pool is shut down");
        }
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            throw new RejectedExecutionException("the handler pool's " + maxThreads + " threads are busy and "
                + queueSize + " tasks wait");
        }
        tasks.offer(task);
        if (searching.get() == 0) {
            wakeOne();
        }
    }

    /** Wakes a parked thread, or starts one if none is parked and the pool may grow; it counts as searching. */
    private void wakeOne() {
        Worker parked = idle.pollFirst();
        if (parked != null) {
            searching.incrementAndGet();
            parked.wake();
            return;
        }
        int count;
        do {
            count = threads.get();
            if (count >= maxThreads) {
                return;
            }
        } while (!threads.compareAndSet(count, count + 1));
        searching.incrementAndGet();
        Worker worker = new Worker();
        workers.add(worker);
        try {
            threadFactory.newThread(worker).start();
        } catch (Throwable e) {
            workers.remove(worker);
            searching.decrementAndGet();
            threadEnded();
            throw e;
        }
    }

    private void threadEnded() {
        if (threads.decrementAndGet() == 0 && shutdown) {
            terminated.countDown();
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        Worker parked;
        while ((parked = idle.pollFirst()) != null) {
            searching.incrementAndGet();
            parked.wake();
        }
        if (threads.get() == 0) {
            terminated.countDown();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> notRun = new ArrayList<>();
        Runnable task;
        while ((task = tasks.poll()) != null) {
            queued.decrementAndGet();
            notRun.add(task);
        }
        // Idle threads were woken by shutdown() and end; the others are interrupted in their task.
        for (Worker worker : workers) {
            worker.interrupt();
        }
        return notRun;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** The number of threads alive. */
    int threadCount() {
        return threads.get();
    }

    private final class Worker implements Runnable {
        private volatile Thread thread;
        private volatile boolean woken;

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                do {
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        queued.decrementAndGet();
                        if (searching.decrementAndGet() == 0 && !tasks.isEmpty()) {
                            wakeOne();
                        }
                        runTask(task);
                        searching.incrementAndGet();
                    }
                } while (awaitTask());
            } finally {
                workers.remove(this);
                threadEnded();
                // A task queued while this thread was ending may have found the pool full and woken nobody.
                if (!tasks.isEmpty() && searching.get() == 0) {
                    wakeOne();
                }
            }
        }

        private void runTask(Runnable task) {
            try {
                task.run();
            } catch (Throwable e) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, e);
            } finally {
                Thread.interrupted();
            }
        }

        /**
         * Parks until woken (then counted as searching again) and returns true, or returns false when
         * the thread should end: the pool is shut down with nothing queued, or it stayed idle too long.
         */
        private boolean awaitTask() {
            woken = false;
            idle.addFirst(this);
            searching.decrementAndGet();
            // A task queued while this thread still counted as searching woke nobody: look again.
            if (!tasks.isEmpty() || shutdown) {
                if (idle.remove(this)) {
                    if (tasks.isEmpty()) {
                        return false;
                    }
                    searching.incrementAndGet();
                    return true;
                }
                // Taken off the idle list by a waker, which counted it as searching: wait for the wake.
            }
            long deadline = System.nanoTime() + keepAliveNanos;
            boolean mayTimeOut = true;
            while (!woken) {
                long left = deadline - System.nanoTime();
                if (mayTimeOut && left <= 0) {
                    if (idle.remove(this)) {
                        return false;
                    }
                    mayTimeOut = false;
                }
                if (mayTimeOut) {
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
            }
            return true;
        }

        void wake() {
            woken = true;
            LockSupport.unpark(thread);
        }

        void interrupt() {
            Thread current = thread;
            if (current != null) {
                current.interrupt();
            }
        }
    }
}
