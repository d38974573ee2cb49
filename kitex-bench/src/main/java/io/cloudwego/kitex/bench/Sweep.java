package io.cloudwego.kitex.bench;

import java.util.List;

/**
 * One of the two sweeps of the Kitex overview: concurrency at a fixed payload, or payload at a
 * fixed concurrency.
 *
 * @param name {@code concurrency} or {@code payload}, the prefix of its chart files
 * @param points its points, in order
 */
public record Sweep(String name, List<Point> points) {

    /** Concurrency {@code concurrencies} at {@code payloadBytes}. */
    static Sweep concurrency(int payloadBytes, List<Integer> concurrencies) {
        return new Sweep("concurrency", concurrencies.stream().map(c -> new Point(c, payloadBytes)).toList());
    }

    /** Payloads {@code payloads} at {@code concurrency}. */
    static Sweep payload(int concurrency, List<Integer> payloads) {
        return new Sweep("payload", payloads.stream().map(p -> new Point(concurrency, p)).toList());
    }

    /** The x value of {@code point} in this sweep. */
    int x(Point point) {
        return name.equals("concurrency") ? point.concurrency() : point.payloadBytes();
    }

    /** The x axis title. */
    String xTitle() {
        return name.equals("concurrency") ? "calls in flight (" + Reports.bytes(points.get(0).payloadBytes()) + " echo)"
            : "payload bytes (" + points.get(0).concurrency() + " calls in flight)";
    }

    /** The heading of its tables. */
    String title() {
        return name.equals("concurrency") ? "Concurrency sweep, " + Reports.bytes(points.get(0).payloadBytes()) + " echo"
            : "Payload sweep, " + points.get(0).concurrency() + " calls in flight";
    }
}
