package io.cloudwego.kitex.bench;

import io.cloudwego.kitex.bench.load.Programs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link Plan}: for every point and row, a server process pinned to core 0 and a client
 * process pinned to core 1 (with {@code taskset}, where it exists), both JVMs of the same class path.
 */
final class Runner {
    private static final long START_TIMEOUT_MILLIS = 120_000;

    private final Plan plan;
    private final String java;
    private final String classPath;
    private final List<String> jvmOptions;
    private final boolean taskset;
    private final boolean h2load;
    private final PrintStream log;
    private final AtomicInteger leakReports = new AtomicInteger();

    Runner(Plan plan, String java, String classPath, List<String> jvmOptions, boolean h2load, PrintStream log) {
        this.plan = plan;
        this.java = java;
        this.classPath = classPath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.taskset = isTasksetUsable();
        this.h2load = h2load;
        this.log = log;
    }

    /** Whether the measurements pin their processes to cores. */
    boolean pinsCores() {
        return taskset;
    }

    /** Lines of the child processes that reported a Netty ByteBuf leak. */
    int leakReports() {
        return leakReports.get();
    }

    /** Measures every row at every point of the plan. */
    List<Measurement> run() {
        List<Measurement> measurements = new ArrayList<>();
        List<Point> points = plan.points();
        int total = points.size() * plan.rows().size();
        long started = System.nanoTime();
        for (Point point : points) {
            for (Row row : plan.rows()) {
                Measurement m = measure(row, point);
                measurements.add(m);
                long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                log.printf(Locale.ROOT, "[%d/%d, %ds] %-60s c=%-3d %6s  %s%n", measurements.size(), total, elapsed,
                    row.label(), point.concurrency(), Reports.bytes(point.payloadBytes()), summary(m));
            }
        }
        return measurements;
    }

    private static String summary(Measurement m) {
        if (m.calls() == 0) {
            return "no figures: " + m.note();
        }
        return String.format(Locale.ROOT, "%,.0f QPS, p99 %.0f µs, CPU client %.2f server %.2f%s", m.qps(), m.p99Micros(),
            m.clientCpu(), m.serverCpu(), m.errors() > 0 ? ", " + m.errors() + " errors: " + m.note() : "");
    }

    private Measurement measure(Row row, Point point) {
        if (row.needsH2load() && !h2load) {
            return Measurement.missing(row, point, "skipped: h2load is not installed (Debian package nghttp2-client)");
        }
        Process server = null;
        Process client = null;
        try {
            server = start(0, List.of(ServerMain.class.getName(), row.server().id()));
            String tag = "[" + row.server().id() + " server] ";
            String listening = firstLine(server, ServerMain.LISTENING, tag);
            if (listening == null) {
                return Measurement.missing(row, point, "the server did not start");
            }
            String port = listening.substring(ServerMain.LISTENING.length()).trim();
            client = start(1, List.of(ClientMain.class.getName(), row.id(), port, Long.toString(server.pid()),
                Integer.toString(point.concurrency()), Integer.toString(point.payloadBytes()),
                Long.toString(plan.warmUp().toMillis()), Long.toString(plan.measure().toMillis())));
            String result = firstLine(client, ClientMain.RESULT, "[" + row.shortId() + " client] ");
            if (result == null) {
                return Measurement.missing(row, point, "the client reported no result");
            }
            return measurement(row, point, Json.read(result.substring(ClientMain.RESULT.length())));
        } catch (IOException e) {
            return Measurement.missing(row, point, e.toString());
        } finally {
            stop(client);
            stop(server);
        }
    }

    private static Measurement measurement(Row row, Point point, Map<String, String> result) {
        String firstError = result.get("firstError");
        return new Measurement(row, point, Long.parseLong(result.get("calls")), Long.parseLong(result.get("errors")),
            Double.parseDouble(result.get("qps")), Double.parseDouble(result.get("p50Us")),
            Double.parseDouble(result.get("p99Us")), Double.parseDouble(result.get("p999Us")),
            Double.parseDouble(result.get("clientCpu")), Double.parseDouble(result.get("serverCpu")),
            firstError == null ? "" : firstError);
    }

    private Process start(int core, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        if (taskset) {
            command.addAll(List.of("taskset", "-c", Integer.toString(core)));
        }
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).start();
    }

    /**
     * Reads {@code process}'s standard output up to the line starting with {@code prefix} and returns
     * it ({@code null} if the process ended first or took too long); every other line of both its
     * outputs goes to the log with {@code tag}.
     */
    private String firstLine(Process process, String prefix, String tag) {
        forward(process.getErrorStream(), tag, null);
        CompletableFuture<String> found = new CompletableFuture<>();
        forward(process.getInputStream(), tag, line -> {
            if (line.startsWith(prefix)) {
                found.complete(line);
            }
        });
        process.onExit().thenRun(() -> found.complete(null));
        try {
            return found.get(START_TIMEOUT_MILLIS + plan.warmUp().toMillis() + plan.measure().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private void forward(InputStream stream, String tag, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.contains("LEAK:")) {
                        leakReports.incrementAndGet();
                    }
                    if (lines != null && (line.startsWith(ServerMain.LISTENING) || line.startsWith(ClientMain.RESULT))) {
                        lines.accept(line);
                    } else {
                        log.println(tag + line);
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "bench-output");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes the process's standard input (a server's signal to stop), then waits for it, then kills it. */
    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isTasksetUsable() {
        return Programs.succeeds("taskset", "-c", "1", "true");
    }
}
