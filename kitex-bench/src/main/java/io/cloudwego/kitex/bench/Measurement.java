package io.cloudwego.kitex.bench;

/**
 * One row measured at one point.
 *
 * @param row the row
 * @param point the point
 * @param calls calls answered inside the measured window
 * @param errors failed calls of the whole run (warm-up included)
 * @param qps calls answered per second of the window
 * @param p50Micros median latency, microseconds
 * @param p99Micros 99th percentile latency (TP99), microseconds
 * @param p999Micros 99.9th percentile latency (TP999), microseconds
 * @param clientCpu CPU cores the client process used on average in the window; -1 if unknown
 * @param serverCpu CPU cores the server process used on average in the window; -1 if unknown
 * @param note why the row has no figures, or the first error; empty otherwise
 */
public record Measurement(Row row, Point point, long calls, long errors, double qps, double p50Micros,
                          double p99Micros, double p999Micros, double clientCpu, double serverCpu, String note) {

    /** A measurement that did not take place, with the reason. */
    static Measurement missing(Row row, Point point, String note) {
        return new Measurement(row, point, 0, 0, 0, 0, 0, 0, -1, -1, note);
    }

    /** QPS per server CPU core used: the fairest figure on a small machine; 0 when unknown. */
    public double qpsPerServerCore() {
        return serverCpu > 0 ? qps / serverCpu : 0;
    }

    /** Whether calls were answered and none failed. */
    public boolean completedWithoutErrors() {
        return calls > 0 && errors == 0;
    }
}
