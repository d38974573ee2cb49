package io.cloudwego.kitex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.bench.load.H2loadLoad;
import io.cloudwego.kitex.bench.system.BenchSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's smoke run, as CI runs it: every row in quick mode at 100 calls in flight of 1 KiB,
 * each in its own server and client processes. It asserts only that every row answered calls
 * without an error and that the results were written; never a speed.
 */
class BenchSmokeTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyRowAnswersCallsWithoutErrors() throws Exception {
        Path out = Path.of(System.getProperty("kitex.bench.out", "target/bench-smoke"));
        BenchMain.Outcome outcome = BenchMain.run(new String[] {"quick", "--point", "100,1024", "--out", out.toString()},
            System.getProperty("java.class.path"), System.out);

        int rows = BenchSystems.ALL.size() + BenchSystems.SERVERS.size();
        assertThat(outcome.measurements()).hasSize(rows);
        for (Measurement m : outcome.measurements()) {
            if (m.row().needsH2load() && !H2loadLoad.isInstalled()) {
                assertThat(m.note()).as(m.row().label()).contains("h2load is not installed");
                continue;
            }
            assertThat(m.calls()).as(m.row().label() + ": " + m.note()).isPositive();
            assertThat(m.errors()).as(m.row().label() + ": " + m.note()).isZero();
        }
        assertThat(outcome.leakReports()).as("Netty LEAK: reports of the benchmark processes").isZero();

        assertThat(outcome.files()).map(f -> f.getFileName().toString()).containsExactlyInAnyOrder(
            "results.csv", "results.md", "concurrency-qps.png", "concurrency-tp99.png", "concurrency-tp999.png",
            "payload-qps.png", "payload-tp99.png", "payload-tp999.png");
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv).hasSize(rows + 1);
        assertThat(Files.readString(out.resolve("results.md")))
            .contains("## Machine", "Command: `", "kitex-java Thrift (multiplexed)", "grpc-java");
        for (Path file : outcome.files()) {
            assertThat(Files.size(file)).as(file.toString()).isPositive();
        }
    }
}
