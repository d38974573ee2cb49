package io.cloudwego.kitex.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** Bad command lines fail before anything runs, naming what is wrong. */
class BenchMainTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static void run(String... args) throws Exception {
        BenchMain.run(args, System.getProperty("java.class.path"), QUIET);
    }

    @Test
    void rejectsAMissingOrUnknownMode() {
        assertThatThrownBy(() -> run()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quick or full");
        assertThatThrownBy(() -> run("fast")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quick or full");
    }

    @Test
    void rejectsUnknownOptionsAndBadValuesNamingThem() {
        assertThatThrownBy(() -> run("quick", "--speed", "1")).hasMessageContaining("--speed");
        assertThatThrownBy(() -> run("quick", "--measure")).hasMessageContaining("--measure needs a value");
        assertThatThrownBy(() -> run("quick", "--measure", "0")).hasMessageContaining("--measure must be positive");
        assertThatThrownBy(() -> run("quick", "--warm-up", "soon")).hasMessageContaining("--warm-up takes seconds");
        assertThatThrownBy(() -> run("quick", "--point", "0,1024")).hasMessageContaining("--point");
        assertThatThrownBy(() -> run("quick", "--point", "100")).hasMessageContaining("--point");
        assertThatThrownBy(() -> run("quick", "--only", "dubbo")).hasMessageContaining("--only names no row")
            .hasMessageContaining("system:kitex-thrift-multiplexed");
    }
}
