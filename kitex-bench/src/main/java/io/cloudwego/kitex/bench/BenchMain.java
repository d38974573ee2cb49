package io.cloudwego.kitex.bench;

import io.cloudwego.kitex.bench.load.H2loadLoad;
import io.cloudwego.kitex.bench.system.BenchSystems;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The benchmark's command line: {@code quick} (a smoke run of every row) or {@code full} (the sweeps
 * for the results), written to a results directory as CSV, Markdown and PNG charts.
 *
 * <pre>
 * java -jar kitex-bench.jar quick|full [--out DIR] [--only ID,ID...] [--point CONCURRENCY,BYTES]
 *                                      [--warm-up SECONDS] [--measure SECONDS] [--java PATH] [--jvm-option OPTION]...
 * </pre>
 */
public final class BenchMain {
    private static final String USAGE = "usage: java -jar kitex-bench.jar quick|full [--out DIR] [--only ID,ID...] "
        + "[--point CONCURRENCY,BYTES] [--warm-up SECONDS] [--measure SECONDS] [--java PATH] [--jvm-option OPTION]...";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Outcome outcome;
        try {
            outcome = run(args, System.getProperty("java.class.path"), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(outcome.measurements().stream().allMatch(Measurement::completedWithoutErrors) ? 0 : 1);
    }

    /**
     * What a run did.
     *
     * @param measurements every row at every point
     * @param leakReports lines of the server and client processes that reported a Netty ByteBuf leak
     * @param files the results written
     */
    record Outcome(List<Measurement> measurements, int leakReports, List<Path> files) {
    }

    /** Runs the benchmark as {@code args} say, starting processes on {@code classPath}, logging to {@code log}. */
    static Outcome run(String[] args, String classPath, PrintStream log) throws Exception {
        if (args.length == 0 || !(args[0].equals("quick") || args[0].equals("full"))) {
            throw new IllegalArgumentException("the first argument is the mode, quick or full");
        }
        String mode = args[0];
        Path out = Path.of("bench-results", mode);
        Set<String> only = Set.of();
        Point point = null;
        Duration warmUp = null;
        Duration measure = null;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvmOptions = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        String leakLevel = System.getProperty("io.netty.leakDetection.level");
        if (leakLevel != null) {
            jvmOptions.add("-Dio.netty.leakDetection.level=" + leakLevel);
        }
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--out" -> out = Path.of(value);
                case "--only" -> only = Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toSet());
                case "--point" -> point = point(value);
                case "--warm-up" -> warmUp = seconds(option, value);
                case "--measure" -> measure = seconds(option, value);
                case "--java" -> java = value;
                case "--jvm-option" -> jvmOptions.add(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        List<Row> rows = rows(only);
        Plan plan = mode.equals("full") ? Plan.full(rows) : Plan.quick(rows);
        if (point != null) {
            plan = plan.at(point);
        }
        if (warmUp != null || measure != null) {
            plan = plan.withWindows(warmUp != null ? warmUp : plan.warmUp(), measure != null ? measure : plan.measure());
        }

        boolean h2load = H2loadLoad.isInstalled();
        Runner runner = new Runner(plan, java, classPath, jvmOptions, h2load, log);
        log.printf(Locale.ROOT, "kitex-bench %s: %d rows × %d points = %d measurements of %.1f s warm-up + %.1f s measured;"
                + " expect about %d min %d s.%n", mode, rows.size(), plan.points().size(), rows.size() * plan.points().size(),
            plan.warmUp().toMillis() / 1000.0, plan.measure().toMillis() / 1000.0,
            plan.estimate().toMinutes(), plan.estimate().toSecondsPart());
        if (!h2load) {
            log.println("h2load is not installed (Debian package nghttp2-client): the gRPC server-capacity rows are skipped.");
        }
        if (!runner.pinsCores()) {
            log.println("taskset cannot pin to cores 0 and 1 here: server and client processes share every core.");
        }
        ZonedDateTime started = ZonedDateTime.now();
        long startNanos = System.nanoTime();
        List<Measurement> measurements = runner.run();
        long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);

        String header = "# kitex-bench results (" + mode + ")\n\n"
            + "Run " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", took " + tookSeconds / 60 + " min "
            + tookSeconds % 60 + " s.\n\nCommand: `" + command(args) + "`\n\n"
            + "## Machine\n\n" + Machine.describe(java, runner.pinsCores(), h2load)
            + "\n## How it was measured\n\n"
            + "Each figure is one server JVM and one client JVM (options `" + String.join(" ", jvmOptions) + "`) on"
            + " 127.0.0.1, a fixed number of echo calls in flight, " + plan.warmUp().toMillis() + " ms of warm-up then "
            + plan.measure().toMillis() + " ms measured. QPS counts calls answered in the measured window; latencies"
            + " (HdrHistogram) are of those calls; CPU is each process's CPU time in the window divided by its"
            + " length (1.00 = one core busy). × grpc-java divides by grpc-java's QPS at the same point: its own"
            + " client for framework rows, its server under h2load for server-capacity rows."
            + " See docs/benchmarks.md for what each row means.\n";
        List<Path> files = new Reports(plan, measurements).write(out, header);
        log.println("Results: " + out.toAbsolutePath().resolve("results.md"));
        if (runner.leakReports() > 0) {
            log.println("Netty reported " + runner.leakReports() + " LEAK: lines in the benchmark processes.");
        }
        return new Outcome(measurements, runner.leakReports(), files);
    }

    private static List<Row> rows(Set<String> only) {
        List<Row> rows = new ArrayList<>();
        BenchSystems.ALL.forEach(system -> rows.add(Row.of(system)));
        BenchSystems.SERVERS.forEach(server -> rows.add(Row.of(server)));
        if (only.isEmpty()) {
            return rows;
        }
        List<Row> chosen = rows.stream().filter(r -> only.contains(r.id()) || only.contains(r.shortId())).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--only names no row; rows are "
                + rows.stream().map(Row::id).collect(Collectors.joining(", ")));
        }
        return chosen;
    }

    private static Point point(String value) {
        String[] parts = value.split(",");
        try {
            Point point = new Point(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            if (parts.length != 2 || point.concurrency() < 1 || point.payloadBytes() < 0) {
                throw new IllegalArgumentException("--point takes calls in flight (at least 1) and payload bytes: " + value);
            }
            return point;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--point takes CONCURRENCY,BYTES such as 100,1024: " + value);
        }
    }

    private static Duration seconds(String option, String value) {
        try {
            Duration duration = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
            if (duration.isNegative() || (option.equals("--measure") && duration.isZero())) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return duration;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes seconds: " + value);
        }
    }

    private static String command(String[] args) {
        String launched = System.getProperty("sun.java.command", "");
        if (launched.endsWith(".jar") || launched.contains(".jar ")) {
            return "java -jar " + launched;
        }
        return "java -jar kitex-bench/target/kitex-bench.jar " + String.join(" ", args);
    }
}
