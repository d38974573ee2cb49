package io.cloudwego.kitex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.bench.system.BenchSystems;
import io.cloudwego.kitex.bench.system.GrpcJava;
import io.cloudwego.kitex.bench.system.KitexThrift;
import io.cloudwego.kitex.bench.system.Libthrift;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables, ratios and files written from a run's measurements. */
class ReportsTest {
    private static final Point HEADLINE = new Point(100, 1024);

    private final Row kitex = Row.of(KitexThrift.MULTIPLEXED);
    private final Row grpc = Row.of(GrpcJava.INSTANCE);
    private final Row kitexServer = Row.of(KitexThrift.SERVER);
    private final Row libthriftServer = Row.of(Libthrift.SERVER);
    private final Plan plan = Plan.quick(List.of(kitex, grpc, kitexServer, libthriftServer)).at(HEADLINE);

    private static Measurement measured(Row row, double qps, double p99, double serverCpu) {
        return new Measurement(row, HEADLINE, (long) qps, 0, qps, p99 / 2, p99, p99 * 2, 0.5, serverCpu, "");
    }

    @Test
    void markdownGivesRatiosToGrpcJavaAndTheTargets() {
        Reports reports = new Reports(plan, List.of(
            measured(kitex, 30_000, 900, 0.8),
            measured(grpc, 20_000, 1_200, 0.9),
            measured(kitexServer, 50_000, 500, 1.0),
            Measurement.missing(libthriftServer, HEADLINE, "the server did not start")));

        String md = reports.markdown("# header\n");

        assertThat(md).startsWith("# header\n")
            .contains("| kitex-java Thrift (multiplexed) | 30,000 | 1.50 | 450 | 900 | 1800 | 0.50 | 0.80 | 37,500 | 0 |")
            .contains("| grpc-java | 20,000 | 1.00 |")
            .contains("| kitex-java Thrift (multiplexed) QPS ÷ grpc-java QPS, own clients | ≥ 1.5 | 1.50 |")
            .contains("| kitex-java Thrift (multiplexed) TP99 ÷ grpc-java TP99, own clients | ≤ 1.0 | 0.75 |")
            .contains("| kitex-java Thrift server QPS ÷ libthrift server QPS, neutral client | ≥ 2 | n/a |")
            .contains("the server did not start");
    }

    @Test
    void writesCsvMarkdownAndSixCharts(@TempDir Path dir) throws Exception {
        Reports reports = new Reports(plan, List.of(measured(kitex, 30_000, 900, 0.8), measured(grpc, 20_000, 1_200, 0.9)));

        List<Path> files = reports.write(dir, "# header\n");

        assertThat(files).hasSize(8).allSatisfy(file -> assertThat(Files.size(file)).isPositive());
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).containsExactly(
            "kind,row,client,server,concurrency,payload_bytes,calls,errors,qps,p50_us,p99_us,p999_us,"
                + "client_cpu_cores,server_cpu_cores,qps_per_server_core,note",
            "framework,kitex-thrift-multiplexed,kitex-java Thrift (multiplexed) client,kitex-thrift,100,1024,30000,0,"
                + "30000.0,450.0,900.0,1800.0,0.5,0.8,37500.0,",
            "framework,grpc-java,grpc-java client,grpc-java,100,1024,20000,0,20000.0,600.0,1200.0,2400.0,0.5,0.9,22222.2,");
    }

    @Test
    void fullPlanMeasuresNinePointsAndSaysHowLongItTakes() {
        List<Row> rows = BenchSystems.ALL.stream().map(Row::of).toList();
        Plan full = Plan.full(rows);

        assertThat(full.points()).hasSize(9).contains(HEADLINE, new Point(500, 1024), new Point(100, 65536));
        assertThat(full.estimate()).isEqualTo(full.warmUp().plus(full.measure()).plus(Plan.PROCESS_OVERHEAD)
            .multipliedBy(rows.size() * 9L));
    }
}
