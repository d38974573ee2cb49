package io.cloudwego.kitex.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leak check that every test class runs after its tests ({@link NettyLeakDetection}) does see a
 * leaked buffer. Each test drains what it provoked, so this class itself passes the check; the planted
 * leak carries {@link NettyLeakDetection#PLANTED_LEAK_HINT}, so it is not logged as {@code LEAK:} either.
 */
class NettyLeakDetectionTest {
    /** Marks the buffers this class leaks on purpose; it shows up in the leak report's access records. */
    private static final String MARK = NettyLeakDetection.PLANTED_LEAK_HINT;

    @Test
    void aBufferThatIsNeverReleasedIsReported() {
        // Were Netty's own detector in place, the planted leak would be logged and fail .ci/run.
        assumeTrue(NettyLeakDetection.plantedLeaksStayOutOfTheLog(), "ByteBuf leaks are not recorded silently");
        leakOneBuffer();

        List<String> ours = provokeAndDrainOurs();

        assertThat(ours).isNotEmpty();
        assertThat(ours.get(0)).startsWith("LEAK: ").contains("release() was not called");
    }

    @Test
    void aBufferThatIsReleasedIsNotReported() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(1);
        buffer.touch(MARK);
        buffer.release();
        buffer = null;

        // Reports are only collected, never awaited: with nothing leaked there is nothing to wait for.
        NettyLeakDetection.provokeReports();
        List<String> reports = NettyLeakDetection.drainReports();

        assertThat(reports).noneMatch(r -> r.contains(MARK));
        assertThat(reports).as("leaks from elsewhere").isEmpty();
    }

    /** Allocates a tracked buffer and drops the only reference to it. */
    private static void leakOneBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(42);
        // Last, so the hint is among the records a report keeps.
        buffer.touch(MARK);
    }

    /**
     * Makes the detectors report until the planted leak shows (a few rounds at most: it depends on the
     * garbage collector clearing the buffer), and returns the reports about it. Any other report is a
     * real leak from another test and fails this one.
     */
    private static List<String> provokeAndDrainOurs() {
        List<String> ours = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int round = 0; round < 20 && ours.isEmpty(); round++) {
            NettyLeakDetection.provokeReports();
            for (String report : NettyLeakDetection.drainReports()) {
                (report.contains(MARK) ? ours : others).add(report);
            }
        }
        assertThat(others).as("leaks from elsewhere").isEmpty();
        return ours;
    }
}
