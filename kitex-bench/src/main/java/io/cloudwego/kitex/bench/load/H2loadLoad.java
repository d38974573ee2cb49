package io.cloudwego.kitex.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The neutral load generator of gRPC servers: {@code h2load} (nghttp2), a light HTTP/2 client
 * written in C, posting one pre-encoded gRPC request body with {@link PipelinedFramedLoad#CALLS_PER_CONNECTION}
 * streams in flight per connection. Latencies come from its per-request log. h2load sees HTTP
 * statuses, not gRPC's status trailer: an error reported only there is not counted.
 */
public final class H2loadLoad implements LoadGenerator {
    private final InetSocketAddress server;
    private final String path;
    private final int inFlight;
    private final byte[] body;
    private final Path workDir;
    private volatile Process process;

    /**
     * Load of {@code inFlight} unary calls of {@code path} (such as {@code /bench.Echo/Echo}), each
     * sending {@code grpcMessage} (the Protobuf encoding of the request) in one gRPC message.
     */
    public H2loadLoad(InetSocketAddress server, String path, int inFlight, byte[] grpcMessage) throws IOException {
        this.server = server;
        this.path = path;
        this.inFlight = inFlight;
        this.body = new byte[5 + grpcMessage.length];
        body[1] = (byte) (grpcMessage.length >>> 24);
        body[2] = (byte) (grpcMessage.length >>> 16);
        body[3] = (byte) (grpcMessage.length >>> 8);
        body[4] = (byte) grpcMessage.length;
        System.arraycopy(grpcMessage, 0, body, 5, grpcMessage.length);
        this.workDir = Files.createTempDirectory("kitex-bench-h2load");
    }

    /** Whether an {@code h2load} program is on the PATH. */
    public static boolean isInstalled() {
        return Programs.succeeds("h2load", "--version");
    }

    @Override
    public void run(Window window) throws Exception {
        Path data = Files.write(workDir.resolve("request.bin"), body);
        Path log = workDir.resolve("requests.log");
        Path output = workDir.resolve("h2load.out");
        // A first, counted run of a few calls per stream, however long it takes: the server has answered
        // calls (and loaded its classes) before the warm-up starts, as with the other load generators.
        process = start(data, output, List.of("-n", Integer.toString(inFlight * 2)));
        if (!finished(window, output, 120_000)) {
            return;
        }
        window.start();
        long nowNanos = System.nanoTime();
        long nowEpochMicros = System.currentTimeMillis() * 1000;
        long warmUpMillis = Math.max(0, (window.measureStartNanos() - nowNanos) / 1_000_000);
        // One timed run over the warm-up and past the window's end by a margin, so the window's last calls are
        // in the log whatever h2load's start-up took. Not h2load's own --warm-up-time: a request in flight when
        // it switches to measuring is logged with status 0.
        long durationMillis = warmUpMillis + window.measureNanos() / 1_000_000 + 500;
        process = start(data, output, List.of("-D", durationMillis + "ms", "--log-file=" + log));
        if (!finished(window, output, durationMillis + 30_000)) {
            return;
        }
        if (!Files.exists(log)) {
            window.recordError("h2load wrote no log: " + Files.readString(output));
            return;
        }
        long measureEnd = window.measureEndNanos();
        for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
            String[] columns = line.trim().split("\t");
            if (columns.length < 3) {
                continue;
            }
            long startNanos = nowNanos + (Long.parseLong(columns[0]) - nowEpochMicros) * 1000;
            long endNanos = startNanos + Long.parseLong(columns[2]) * 1000;
            if (columns[1].equals("200")) {
                window.recordCall(startNanos, endNanos);
            } else if (columns[1].equals("0") && startNanos >= measureEnd) {
                // Sent in the margin after the window and cut when h2load's -D time ran out: not a failed call.
                continue;
            } else {
                window.recordError("HTTP status " + columns[1] + " of a request started "
                    + (startNanos - window.measureStartNanos()) / 1_000_000 + " ms into a measured window of "
                    + window.measureNanos() / 1_000_000 + " ms, ended after " + columns[2] + " µs");
            }
        }
    }

    private Process start(Path data, Path output, List<String> runOptions) throws IOException {
        int connections = (inFlight + PipelinedFramedLoad.CALLS_PER_CONNECTION - 1) / PipelinedFramedLoad.CALLS_PER_CONNECTION;
        List<String> command = new ArrayList<>(List.of("h2load",
            "-c", Integer.toString(connections),
            "-m", Integer.toString(inFlight / connections),
            "-t", "1",
            "-H", "content-type: application/grpc",
            "-H", "te: trailers",
            "-d", data.toString()));
        command.addAll(runOptions);
        command.add("http://" + server.getHostString() + ":" + server.getPort() + path);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Waits for the running h2load; false, with the error recorded, if it failed or hung. */
    private boolean finished(Window window, Path output, long timeoutMillis) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            window.recordError("h2load did not finish");
            return false;
        }
        if (process.exitValue() != 0) {
            window.recordError("h2load exited with " + process.exitValue() + ": " + Files.readString(output));
            return false;
        }
        return true;
    }

    @Override
    public ProcessHandle clientProcess() {
        Process running = process;
        return running == null ? ProcessHandle.current() : running.toHandle();
    }

    @Override
    public void close() throws IOException {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
        try (var files = Files.list(workDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(workDir);
    }
}
