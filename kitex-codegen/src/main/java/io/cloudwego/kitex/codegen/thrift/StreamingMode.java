package io.cloudwego.kitex.codegen.thrift;

import java.util.Arrays;
import java.util.List;

/**
 * The value of Kitex's {@code streaming.mode} method annotation: the method travels as Thrift over
 * gRPC ({@code application/grpc+thrift}) in this direction.
 */
public enum StreamingMode {
    BIDIRECTIONAL("bidirectional", true, true),
    CLIENT("client", true, false),
    SERVER("server", false, true),
    UNARY("unary", false, false);

    /** The annotation that declares it. */
    public static final String ANNOTATION = "streaming.mode";

    private final String idlName;
    private final boolean clientStreaming;
    private final boolean serverStreaming;

    StreamingMode(String idlName, boolean clientStreaming, boolean serverStreaming) {
        this.idlName = idlName;
        this.clientStreaming = clientStreaming;
        this.serverStreaming = serverStreaming;
    }

    /** The annotation value that names it. */
    public String idlName() {
        return idlName;
    }

    /** Whether the client sends a stream of requests. */
    public boolean clientStreaming() {
        return clientStreaming;
    }

    /** Whether the server answers with a stream of responses. */
    public boolean serverStreaming() {
        return serverStreaming;
    }

    /** The mode the annotation value {@code idlName} names, or {@code null} when it names none. */
    static StreamingMode of(String idlName) {
        for (StreamingMode mode : values()) {
            if (mode.idlName.equals(idlName)) {
                return mode;
            }
        }
        return null;
    }

    /** The annotation values, as an error message lists them. */
    static List<String> idlNames() {
        return Arrays.stream(values()).map(StreamingMode::idlName).toList();
    }
}
