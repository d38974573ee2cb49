package io.cloudwego.kitex.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** CPU time used by a process so far: this JVM's from its MXBean, another process's from {@code /proc/<pid>/stat}. */
final class CpuTime {
    private static final long NANOS_PER_TICK = TimeUnit.SECONDS.toNanos(1) / clockTicksPerSecond();

    private CpuTime() {
    }

    /** User plus system CPU time of {@code process} in nanoseconds, or -1 where it cannot be read. */
    static long of(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()
            && ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.US_ASCII);
            // Fields after the parenthesised command name: state is the first, utime the 12th, stime the 13th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
