package io.cloudwego.kitex.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run measures: rows, the two sweeps, and the warm-up and measured window of each
 * measurement (one server process and one client process each).
 *
 * @param mode {@code quick} or {@code full}
 * @param rows the rows
 * @param sweeps the concurrency sweep and the payload sweep
 * @param warmUp the warm-up of each measurement
 * @param measure the measured window of each measurement
 */
public record Plan(String mode, List<Row> rows, List<Sweep> sweeps, Duration warmUp, Duration measure) {
    /** A rough cost of starting a server and a client JVM and stopping them, for the estimate. */
    static final Duration PROCESS_OVERHEAD = Duration.ofMillis(2500);

    /** The full run: concurrency 10, 50, 100, 200, 500 at 1 KiB; 128 B to 64 KiB at 100; 3 s warm-up, 5 s measured. */
    static Plan full(List<Row> rows) {
        return new Plan("full", rows, List.of(
            Sweep.concurrency(1024, List.of(10, 50, 100, 200, 500)),
            Sweep.payload(100, List.of(128, 1024, 4096, 16384, 65536))),
            Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    /** The smoke run: concurrency 10 and 100 at 1 KiB, 1 KiB and 4 KiB at 100; 0.5 s warm-up, 1 s measured. */
    static Plan quick(List<Row> rows) {
        return new Plan("quick", rows, List.of(
            Sweep.concurrency(1024, List.of(10, 100)),
            Sweep.payload(100, List.of(1024, 4096))),
            Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    /** The same plan measuring {@code point} only (both sweeps reduced to it). */
    Plan at(Point point) {
        return new Plan(mode, rows, List.of(Sweep.concurrency(point.payloadBytes(), List.of(point.concurrency())),
            Sweep.payload(point.concurrency(), List.of(point.payloadBytes()))), warmUp, measure);
    }

    /** The same plan with other windows. */
    Plan withWindows(Duration warmUp, Duration measure) {
        return new Plan(mode, rows, sweeps, warmUp, measure);
    }

    /** Every point of the sweeps once, in sweep order. */
    List<Point> points() {
        Set<Point> points = new LinkedHashSet<>();
        sweeps.forEach(s -> points.addAll(s.points()));
        return new ArrayList<>(points);
    }

    /** How long the run should take: every row at every point, windows and process start-up. */
    Duration estimate() {
        long measurements = (long) rows.size() * points().size();
        return warmUp.plus(measure).plus(PROCESS_OVERHEAD).multipliedBy(measurements);
    }
}
