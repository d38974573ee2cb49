package io.cloudwego.kitex.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a resource leak (typically a {@link ByteBuf} that was never
 * released).
 *
 * <p>Registered for every test class through {@code META-INF/services/org.junit.jupiter.api.extension.Extension}
 * and {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}.
 * JUnit loads it before any test runs, so its static initializer installs a leak detector factory
 * before Netty creates its detectors: every report is recorded here (and still logged as
 * {@code LEAK: ...}). After each test class it collects garbage and allocates tracked buffers, which
 * makes the detectors poll for leaked buffers, and fails the class if anything was reported.
 *
 * <p>A report names the buffer's last accesses, not the test that leaked it; a leak from one class
 * may surface in the next class's check. Surefire runs with {@code -Dio.netty.leakDetection.level=paranoid},
 * so every buffer is tracked.
 */
public final class NettyLeakDetection implements AfterAllCallback {
    /**
     * A {@code touch} hint for a buffer leaked on purpose (to test this check): its report is recorded
     * like any other but not logged, so that a scan of the build output for {@code LEAK:} (.ci/run)
     * does not count it.
     */
    public static final String PLANTED_LEAK_HINT = "kitex-testing-planted-leak";

    private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        listenToByteBufDetectorCreatedEarlier();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        provokeReports();
        List<String> leaks = drainReports();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " resource leak(s) by the end of "
                + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Takes every leak reported so far, leaving none. */
    public static List<String> drainReports() {
        List<String> leaks = new ArrayList<>();
        for (String report = REPORTS.poll(); report != null; report = REPORTS.poll()) {
            leaks.add(report);
        }
        return leaks;
    }

    /**
     * Makes the detectors report leaked buffers now: collects garbage so that unreachable buffers are
     * enqueued, then allocates and releases tracked buffers, since a detector only polls its queue
     * when it tracks a new resource.
     */
    public static void provokeReports() {
        for (int round = 0; round < 4; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // Enough allocations that a sampling level (not paranoid) also polls at least once.
            for (int i = 0; i < 512; i++) {
                allocateAndRelease(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                allocateAndRelease(PooledByteBufAllocator.DEFAULT.heapBuffer(16));
                allocateAndRelease(UnpooledByteBufAllocator.DEFAULT.directBuffer(16));
                allocateAndRelease(ByteBufAllocator.DEFAULT.buffer(16));
            }
        }
    }

    private static void allocateAndRelease(ByteBuf buffer) {
        buffer.writeByte(0);
        buffer.release();
    }

    private static void record(String report) {
        REPORTS.add(report);
    }

    /**
     * Whether a ByteBuf leak hinted with {@link #PLANTED_LEAK_HINT} stays out of the log: true when the
     * ByteBuf detector is this class's own (the usual case), false when Netty created it first.
     */
    public static boolean plantedLeaksStayOutOfTheLog() {
        return byteBufDetector() instanceof RecordingDetector<?>;
    }

    private static Object byteBufDetector() {
        try {
            Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            field.setAccessible(true);
            return field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // Netty's internals changed; the factory still covers detectors created from now on.
        }
    }

    /**
     * If {@code AbstractByteBuf} created its detector before this class was loaded, that detector
     * is not a recording one: listen to it instead, so that ByteBuf leaks are still caught.
     */
    private static void listenToByteBufDetectorCreatedEarlier() {
        Object detector = byteBufDetector();
        if (detector instanceof ResourceLeakDetector<?> existing && !(detector instanceof RecordingDetector<?>)) {
            existing.setLeakListener((resourceType, records) ->
                record("LEAK: " + resourceType + (records.isEmpty() ? " (untraced)" : records)));
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resourceType, int samplingInterval) {
            super(resourceType, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record("LEAK: " + resourceType + ".release() was not called before it's garbage-collected." + records);
            if (!records.contains(PLANTED_LEAK_HINT)) {
                super.reportTracedLeak(resourceType, records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record("LEAK: " + resourceType + ".release() was not called before it's garbage-collected"
                + " (no access records; raise io.netty.leakDetection.level to see them).");
            super.reportUntracedLeak(resourceType);
        }
    }
}
