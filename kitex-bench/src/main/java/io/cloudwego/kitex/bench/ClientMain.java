package io.cloudwego.kitex.bench;

import io.cloudwego.kitex.bench.load.LoadGenerator;
import io.cloudwego.kitex.bench.load.Window;
import io.cloudwego.kitex.bench.system.BenchSystems;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The client process of one measurement: runs one row's load against a server process, samples its
 * own and the server's CPU time at the edges of the measured window, and prints one line
 * {@code RESULT {json}}.
 *
 * <p>Arguments: {@code system:<id>|server:<id> port server-pid in-flight payload-bytes warm-up-ms measure-ms}.
 */
public final class ClientMain {
    /** The prefix of the result line. */
    static final String RESULT = "RESULT ";

    private ClientMain() {
    }

    public static void main(String[] args) throws Exception {
        String row = args[0];
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        ProcessHandle serverProcess = ProcessHandle.of(Long.parseLong(args[2]))
            .orElseThrow(() -> new IllegalStateException("no server process " + args[2]));
        int inFlight = Integer.parseInt(args[3]);
        int payloadBytes = Integer.parseInt(args[4]);
        long warmUpNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[5]));
        long measureNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[6]));

        Map<String, Object> result = new LinkedHashMap<>();
        try (LoadGenerator load = row.startsWith("server:")
            ? BenchSystems.neutralClient(BenchSystems.server(row.substring(7)), server, inFlight, payloadBytes)
            : BenchSystems.system(row.substring(7)).client(server, inFlight, payloadBytes)) {
            Window window = new Window(warmUpNanos, measureNanos);
            long[] cpu = new long[4];
            long[] sampledAt = new long[2];
            Thread sampler = new Thread(() -> {
                try {
                    Window.sleepUntil(window.measureStartNanos());
                    sampledAt[0] = System.nanoTime();
                    cpu[0] = CpuTime.of(load.clientProcess());
                    cpu[1] = CpuTime.of(serverProcess);
                    Window.sleepUntil(window.measureEndNanos());
                    sampledAt[1] = System.nanoTime();
                    cpu[2] = CpuTime.of(load.clientProcess());
                    cpu[3] = CpuTime.of(serverProcess);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-cpu-sampler");
            sampler.start();
            load.run(window);
            sampler.join();

            double seconds = measureNanos / 1e9;
            Histogram latencies = window.takeLatencies();
            result.put("calls", latencies.getTotalCount());
            result.put("errors", window.errors());
            result.put("qps", latencies.getTotalCount() / seconds);
            result.put("p50Us", micros(latencies, 50));
            result.put("p99Us", micros(latencies, 99));
            result.put("p999Us", micros(latencies, 99.9));
            // A sampler thread starved by hundreds of load threads may sample late: divide by the time
            // between its samples, and give no figure when they are too close to stand for the window.
            long sampled = sampledAt[1] - sampledAt[0];
            boolean sampledWindow = sampled >= measureNanos / 2;
            result.put("clientCpu", sampledWindow ? cores(cpu[0], cpu[2], sampled / 1e9) : -1);
            result.put("serverCpu", sampledWindow ? cores(cpu[1], cpu[3], sampled / 1e9) : -1);
            result.put("firstError", window.firstError() != null ? window.firstError()
                : latencies.getTotalCount() == 0 ? "no call was answered in the measured window" : null);
        }
        System.out.println(RESULT + Json.write(result));
        System.out.flush();
        System.exit(0);
    }

    private static double micros(Histogram latencies, double percentile) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    /** CPU cores used on average between two samples over {@code seconds}; -1 when a sample failed. */
    private static double cores(long before, long after, double seconds) {
        return before < 0 || after < 0 ? -1 : (after - before) / 1e9 / seconds;
    }
}
