package io.cloudwego.kitex.bench;

import io.cloudwego.kitex.bench.system.BenchSystems;
import io.cloudwego.kitex.bench.system.ServerKind;

/**
 * The server process of one measurement: starts the echo server named by its argument, prints
 * {@code LISTENING <port>}, and serves until its standard input closes (the runner ends it so, and
 * so does the runner's death).
 */
public final class ServerMain {
    /** The line announcing the port. */
    static final String LISTENING = "LISTENING ";

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerKind kind = BenchSystems.server(args[0]);
        try (ServerKind.EchoServer server = kind.start()) {
            System.out.println(LISTENING + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serve until the runner closes our standard input.
            }
        }
        System.exit(0);
    }
}
