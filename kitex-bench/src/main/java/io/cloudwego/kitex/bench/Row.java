package io.cloudwego.kitex.bench;

import io.cloudwego.kitex.bench.system.BenchSystem;
import io.cloudwego.kitex.bench.system.BenchSystems;
import io.cloudwego.kitex.bench.system.ServerKind;

/**
 * One line of the results: a client against a server, measured at every point of the sweeps.
 *
 * @param id {@code system:<id>} or {@code server:<id>}, as the client process takes it
 * @param label the name in tables and charts
 * @param kind which of the two comparisons it belongs to
 * @param client the client's name
 * @param server the server
 */
public record Row(String id, String label, Kind kind, String client, ServerKind server) {

    /** The two kinds of measurement. */
    public enum Kind {
        /** A system's own client against its own server, as kitex-benchmark measures. */
        FRAMEWORK("framework vs framework"),
        /** A server under the neutral load generator of its protocol. */
        CAPACITY("server capacity (neutral client)");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        /** The heading of its tables. */
        public String title() {
            return title;
        }
    }

    /** The row of {@code system}'s own client against its server. */
    static Row of(BenchSystem system) {
        return new Row("system:" + system.id(), system.label(), Kind.FRAMEWORK, system.label() + " client", system.server());
    }

    /** The row of {@code server} under its protocol's neutral load generator. */
    static Row of(ServerKind server) {
        String client = BenchSystems.neutralClientName(server.protocol());
        return new Row("server:" + server.id(), server.label() + " ← " + client, Kind.CAPACITY, client, server);
    }

    /** The short name after the kind prefix. */
    String shortId() {
        return id.substring(id.indexOf(':') + 1);
    }

    /** Whether this row needs the h2load program. */
    boolean needsH2load() {
        return kind == Kind.CAPACITY && server.protocol() == ServerKind.Protocol.GRPC;
    }
}
