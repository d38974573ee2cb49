package io.cloudwego.kitex.bench.load;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The programs of this machine a benchmark run uses besides the JVM ({@code taskset}, {@code h2load}). */
public final class Programs {
    private Programs() {
    }

    /** Whether {@code command} runs and exits with 0 within ten seconds: the program is there and usable. */
    public static boolean succeeds(String... command) {
        try {
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
