package io.cloudwego.kitex.codegen.protobuf;

/**
 * An {@code rpc} of a service.
 *
 * @param name the name, as written in the {@code .proto} file
 * @param inputType the fully qualified request type, with its leading dot ({@code .pkg.Request})
 * @param outputType the fully qualified response type, with its leading dot
 * @param clientStreaming whether the requests are a {@code stream}
 * @param serverStreaming whether the responses are a {@code stream}
 * @param comment the comment before the {@code rpc}, or {@code null}
 */
public record ProtoMethod(String name, String inputType, String outputType, boolean clientStreaming,
                          boolean serverStreaming, String comment) {
}
