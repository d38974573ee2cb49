package io.cloudwego.kitex.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** A description of the machine and software a run measured, written into its results. */
final class Machine {
    private Machine() {
    }

    /** Markdown lines: CPU, cores, memory, OS, JDK, library versions, pinning, h2load. */
    static String describe(String java, boolean pinned, boolean h2load) {
        StringBuilder md = new StringBuilder();
        md.append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
            .append(" cores available to the runner\n");
        md.append("- Memory: ").append(memory()).append('\n');
        md.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
            .append(' ').append(System.getProperty("os.arch")).append('\n');
        md.append("- JDK: ").append(run(java, "-version").lines().findFirst().orElse("?"))
            .append(" (").append(java).append(")\n");
        md.append("- Versions: ").append(versions()).append('\n');
        md.append("- Pinning: ").append(pinned ? "server process on core 0, client process on core 1 (taskset)"
            : "none (taskset is missing or the machine has one core): both processes share every core").append('\n');
        md.append("- h2load: ").append(h2load ? run("h2load", "--version").lines().findFirst().orElse("?").trim()
            : "not installed: the gRPC server-capacity rows are skipped").append('\n');
        return md.toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").findFirst().orElse("?");
        } catch (IOException | NumberFormatException e) {
            return "?";
        }
    }

    private static String versions() {
        Properties versions = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("/kitex-bench-versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            return "?";
        }
        StringBuilder text = new StringBuilder();
        for (String name : new String[] {"kitex-java", "netty", "grpc-java", "libthrift", "protobuf-java"}) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name).append(' ').append(versions.getProperty(name, "?"));
        }
        return text.toString();
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
