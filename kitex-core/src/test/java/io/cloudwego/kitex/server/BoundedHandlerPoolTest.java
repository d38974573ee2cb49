package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.testing.Eventually;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedHandlerPoolTest {
    private BoundedHandlerPool pool;

    private BoundedHandlerPool pool(int threads, int queueSize, long keepAliveMillis) {
        pool = new BoundedHandlerPool(threads, queueSize, keepAliveMillis, TimeUnit.MILLISECONDS,
            new DefaultThreadFactory("pool-test", true));
        return pool;
    }

    @AfterEach
    void shutDown() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void runsEveryTaskSubmittedFromManyThreads() throws Exception {
        pool(8, 100_000, 60_000);
        int submitters = 4;
        int tasksEach = 20_000;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(submitters * tasksEach);
        ExecutorService submitting = Executors.newFixedThreadPool(submitters);
        try {
            for (int s = 0; s < submitters; s++) {
                submitting.execute(() -> {
                    for (int i = 0; i < tasksEach; i++) {
                        pool.execute(() -> {
                            ran.incrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            submitting.shutdownNow();
        }
        assertThat(ran).hasValue(submitters * tasksEach);
        assertThat(pool.threadCount()).isBetween(1, 8);
    }

    @Test
    void blockedTasksDoNotHoldUpTheQueueAndThePoolGrowsToItsMaximum() throws Exception {
        int threads = 5;
        pool(threads, 100, 60_000);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(threads - 1);
        for (int i = 0; i < threads - 1; i++) {
            pool.execute(() -> {
                blocked.countDown();
                await(release);
            });
        }
        assertThat(blocked.await(10, TimeUnit.SECONDS)).as("every blocking task runs on a thread of its own").isTrue();

        Future<String> quick = pool.submit(() -> "ran");
        assertThat(quick.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(pool.threadCount()).isEqualTo(threads);

        // One more blocked task takes the last thread: the next task waits in the queue until a thread is free.
        pool.execute(() -> await(release));
        Future<String> queued = pool.submit(() -> "ran later");
        Eventually.await("the fifth thread blocks", () -> pool.threadCount() == threads);
        assertThat(queued.isDone()).isFalse();
        release.countDown();
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("ran later");
        assertThat(pool.threadCount()).isEqualTo(threads);
    }

    @Test
    void rejectsTasksOnceTheQueueIsFullAndTakesThemAgainOnceItDrains() throws Exception {
        pool(1, 3, 60_000);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            await(release);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pool.execute(ran::incrementAndGet);
        }

        assertThatThrownBy(() -> pool.execute(ran::incrementAndGet))
            .isInstanceOf(RejectedExecutionException.class)
            .hasMessageContaining("1 threads are busy and 3 tasks wait");

        release.countDown();
        Eventually.await("the queued tasks ran", () -> ran.get() == 3);
        assertThat(pool.submit(() -> "accepted again").get(10, TimeUnit.SECONDS)).isEqualTo("accepted again");
    }

    @Test
    void idleThreadsEndAfterTheKeepAliveAndNewTasksStartThreadsAgain() throws Exception {
        pool(4, 100, 50);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                started.countDown();
                await(release);
            });
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.threadCount()).isEqualTo(4);

        release.countDown();
        Eventually.await("idle threads end", () -> pool.threadCount() == 0);

        for (int round = 0; round < 100; round++) {
            assertThat(pool.submit(() -> "ran").get(10, TimeUnit.SECONDS)).isEqualTo("ran");
            if (round % 10 == 0) {
                Thread.sleep(60);
            }
        }
    }

    @Test
    void shutdownRunsWhatIsQueuedRefusesNewTasksAndTerminates() throws Exception {
        pool(1, 100, 60_000);
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> await(release));
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            pool.execute(ran::incrementAndGet);
        }

        pool.shutdown();

        assertThat(pool.isShutdown()).isTrue();
        assertThatThrownBy(() -> pool.execute(ran::incrementAndGet))
            .isInstanceOf(RejectedExecutionException.class)
            .hasMessageContaining("shut down");
        assertThat(pool.isTerminated()).isFalse();
        release.countDown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(10);
        assertThat(pool.threadCount()).isZero();
    }

    @Test
    void shutdownNowInterruptsRunningTasksAndReturnsTheQueuedOnes() throws Exception {
        pool(2, 100, 60_000);
        CountDownLatch started = new CountDownLatch(2);
        Set<Thread> interrupted = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.add(Thread.currentThread());
                }
            });
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Runnable waiting = () -> { };
        pool.execute(waiting);

        List<Runnable> notRun = pool.shutdownNow();

        assertThat(notRun).containsExactly(waiting);
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).hasSize(2);
    }

    @Test
    void aFailingTaskLeavesItsThreadServing() throws Exception {
        pool(1, 100, 60_000);
        AtomicInteger failures = new AtomicInteger();
        pool.execute(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> failures.incrementAndGet());
            throw new IllegalStateException("handler bug");
        });
        assertThat(pool.submit(() -> "still serving").get(10, TimeUnit.SECONDS)).isEqualTo("still serving");
        assertThat(failures).hasValue(1);
        assertThat(pool.threadCount()).isEqualTo(1);
    }

    @Test
    void refusesNonsenseSizes() {
        assertThatThrownBy(() -> pool(0, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxThreads");
        assertThatThrownBy(() -> pool(1, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueSize");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
