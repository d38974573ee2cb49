package io.cloudwego.kitex.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

/** Writes a run's results: {@code results.csv}, {@code results.md} and six PNG charts (QPS, TP99, TP999 per sweep). */
final class Reports {
    /** The row every framework row is compared with. */
    static final String GRPC_JAVA_SYSTEM = "system:grpc-java";
    /** The row every server-capacity row is compared with. */
    static final String GRPC_JAVA_SERVER = "server:grpc-java";

    private final Plan plan;
    private final List<Measurement> measurements;

    Reports(Plan plan, List<Measurement> measurements) {
        this.plan = plan;
        this.measurements = List.copyOf(measurements);
    }

    /** Writes every file into {@code dir}, which is created if needed; returns the files written. */
    List<Path> write(Path dir, String header) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(dir.resolve("results.csv"), csv(), StandardCharsets.UTF_8));
        files.add(Files.writeString(dir.resolve("results.md"), markdown(header), StandardCharsets.UTF_8));
        for (Sweep sweep : plan.sweeps()) {
            files.add(chart(dir, sweep, "qps", "QPS", Measurement::qps));
            files.add(chart(dir, sweep, "tp99", "TP99 (µs)", Measurement::p99Micros));
            files.add(chart(dir, sweep, "tp999", "TP999 (µs)", Measurement::p999Micros));
        }
        return files;
    }

    /** One line per row and point. */
    String csv() {
        StringBuilder csv = new StringBuilder("kind,row,client,server,concurrency,payload_bytes,calls,errors,qps,"
            + "p50_us,p99_us,p999_us,client_cpu_cores,server_cpu_cores,qps_per_server_core,note\n");
        for (Measurement m : measurements) {
            csv.append(String.join(",", m.row().kind().name().toLowerCase(Locale.ROOT), quote(m.row().shortId()),
                quote(m.row().client()), quote(m.row().server().id()), Integer.toString(m.point().concurrency()),
                Integer.toString(m.point().payloadBytes()), Long.toString(m.calls()), Long.toString(m.errors()),
                number(m.qps()), number(m.p50Micros()), number(m.p99Micros()), number(m.p999Micros()),
                number(m.clientCpu()), number(m.serverCpu()), number(m.qpsPerServerCore()), quote(m.note())))
                .append('\n');
        }
        return csv.toString();
    }

    /** The tables: the headline point, the targets of the issue, each sweep per kind of measurement. */
    String markdown(String header) {
        StringBuilder md = new StringBuilder(header);
        Point headline = new Point(100, 1024);
        if (plan.points().contains(headline)) {
            md.append("\n## 1 KiB echo, 100 calls in flight\n\n");
            for (Row.Kind kind : kinds()) {
                md.append("**").append(kind.title()).append("**\n\n");
                table(md, kind, List.of(headline), null);
            }
            targets(md, headline);
        }
        for (Sweep sweep : plan.sweeps()) {
            md.append("\n## ").append(sweep.title()).append("\n\n");
            for (Row.Kind kind : kinds()) {
                md.append("**").append(kind.title()).append("**\n\n");
                table(md, kind, sweep.points(), sweep);
            }
            md.append("![QPS](").append(sweep.name()).append("-qps.png) ")
                .append("![TP99](").append(sweep.name()).append("-tp99.png) ")
                .append("![TP999](").append(sweep.name()).append("-tp999.png)\n");
        }
        return md.toString();
    }

    /** The kinds of measurement the plan has rows of. */
    private List<Row.Kind> kinds() {
        return plan.rows().stream().map(Row::kind).distinct().sorted().toList();
    }

    private void table(StringBuilder md, Row.Kind kind, List<Point> points, Sweep sweep) {
        String base = kind == Row.Kind.FRAMEWORK ? GRPC_JAVA_SYSTEM : GRPC_JAVA_SERVER;
        md.append("| ").append(sweep == null ? "row" : "row | " + (sweep.name().equals("concurrency") ? "in flight" : "payload"))
            .append(" | QPS | × grpc-java | p50 µs | TP99 µs | TP999 µs | client CPU | server CPU | QPS / server core | errors |\n")
            .append(sweep == null ? "|---" : "|---|---").append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : plan.rows()) {
            if (row.kind() != kind) {
                continue;
            }
            for (Point point : points) {
                Optional<Measurement> found = find(row.id(), point);
                if (found.isEmpty()) {
                    continue;
                }
                Measurement m = found.get();
                md.append("| ").append(row.label());
                if (sweep != null) {
                    md.append(" | ").append(sweep.name().equals("concurrency") ? Integer.toString(point.concurrency()) : bytes(point.payloadBytes()));
                }
                if (m.calls() == 0) {
                    md.append(" | | | | | | | | | | ").append(m.note()).append(" |\n");
                    continue;
                }
                md.append(String.format(Locale.ROOT, " | %,.0f | %s | %.0f | %.0f | %.0f | %s | %s | %s | %s |%n",
                    m.qps(), ratio(m.qps(), find(base, point).map(Measurement::qps)), m.p50Micros(), m.p99Micros(),
                    m.p999Micros(), cores(m.clientCpu()), cores(m.serverCpu()),
                    m.qpsPerServerCore() > 0 ? String.format(Locale.ROOT, "%,.0f", m.qpsPerServerCore()) : "?",
                    m.errors() == 0 ? "0" : m.errors() + " (" + m.note() + ")"));
            }
        }
        md.append('\n');
    }

    /** The targets of issue 7 at the headline point, as ratios of this run. */
    private void targets(StringBuilder md, Point at) {
        md.append("**Targets** (ratios of this run at 1 KiB, 100 in flight)\n\n| target | goal | measured |\n|---|---|---:|\n");
        target(md, "kitex-java Thrift (multiplexed) QPS ÷ grpc-java QPS, own clients", "≥ 1.5",
            ratio(qps("system:kitex-thrift-multiplexed", at), qps(GRPC_JAVA_SYSTEM, at)));
        target(md, "kitex-java Thrift (multiplexed) TP99 ÷ grpc-java TP99, own clients", "≤ 1.0",
            ratio(p99("system:kitex-thrift-multiplexed", at), p99(GRPC_JAVA_SYSTEM, at)));
        target(md, "kitex-java Thrift server QPS ÷ libthrift server QPS, neutral client", "≥ 2",
            ratio(qps("server:kitex-thrift", at), qps("server:libthrift", at)));
        target(md, "kitex-java Thrift server QPS per core ÷ raw Netty's, neutral client", "≥ 0.3 (0.5 wanted)",
            ratio(perCore("server:kitex-thrift", at), perCore("server:raw-netty", at)));
        target(md, "the same, handlers on the I/O thread as raw Netty's", "≥ 0.3 (0.5 wanted)",
            ratio(perCore("server:kitex-thrift-event-loop", at), perCore("server:raw-netty", at)));
        if (find("system:kitex-grpc", at).isPresent()) {
            target(md, "kitex-java gRPC QPS ÷ grpc-java QPS, own clients against own servers", "≥ 1",
                ratio(qps("system:kitex-grpc", at), qps(GRPC_JAVA_SYSTEM, at)));
        }
        if (find("system:kitex-grpc-client", at).isPresent()) {
            target(md, "kitex-java gRPC client QPS ÷ grpc-java client QPS, both against grpc-java's server", "≥ 1",
                ratio(qps("system:kitex-grpc-client", at), qps(GRPC_JAVA_SYSTEM, at)));
        }
        if (find("server:kitex-grpc", at).isPresent()) {
            target(md, "kitex-java gRPC server QPS ÷ grpc-java server QPS, h2load", "≥ 1",
                ratio(qps("server:kitex-grpc", at), qps(GRPC_JAVA_SERVER, at)));
        }
        md.append('\n');
    }

    private static void target(StringBuilder md, String what, String goal, String measured) {
        md.append("| ").append(what).append(" | ").append(goal).append(" | ").append(measured).append(" |\n");
    }

    private Optional<Double> qps(String row, Point at) {
        return find(row, at).filter(m -> m.calls() > 0).map(Measurement::qps);
    }

    private Optional<Double> p99(String row, Point at) {
        return find(row, at).filter(m -> m.calls() > 0).map(Measurement::p99Micros);
    }

    private Optional<Double> perCore(String row, Point at) {
        return find(row, at).filter(m -> m.qpsPerServerCore() > 0).map(Measurement::qpsPerServerCore);
    }

    private static String ratio(Optional<Double> value, Optional<Double> base) {
        return value.isPresent() && base.isPresent() && base.get() > 0
            ? String.format(Locale.ROOT, "%.2f", value.get() / base.get()) : "n/a";
    }

    private static String ratio(double value, Optional<Double> base) {
        return ratio(Optional.of(value), base.filter(b -> b > 0));
    }

    private Optional<Measurement> find(String rowId, Point point) {
        return measurements.stream().filter(m -> m.row().id().equals(rowId) && m.point().equals(point)).findFirst();
    }

    private Path chart(Path dir, Sweep sweep, String metric, String title, ToDoubleFunction<Measurement> value) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(640)
            .title(title + ": " + sweep.title())
            .xAxisTitle(sweep.xTitle()).yAxisTitle(title).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        for (Row row : plan.rows()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Point point : sweep.points()) {
                find(row.id(), point).filter(m -> m.calls() > 0).ifPresent(m -> {
                    xs.add((double) sweep.x(point));
                    ys.add(value.applyAsDouble(m));
                });
            }
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(row.label(), xs, ys);
                if (row.kind() == Row.Kind.CAPACITY) {
                    series.setLineStyle(SeriesLines.DASH_DASH);
                }
            }
        }
        Path file = dir.resolve(sweep.name() + "-" + metric + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /** {@code 1 KiB}, {@code 128 B}. */
    static String bytes(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    private static String cores(double cores) {
        return cores < 0 ? "?" : String.format(Locale.ROOT, "%.2f", cores);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
