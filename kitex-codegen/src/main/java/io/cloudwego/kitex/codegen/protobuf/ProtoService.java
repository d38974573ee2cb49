package io.cloudwego.kitex.codegen.protobuf;

import java.util.List;

/**
 * A {@code service}.
 *
 * @param name the simple name
 * @param methods its {@code rpc}s, in file order
 * @param comment the comment before the {@code service}, or {@code null}
 */
public record ProtoService(String name, List<ProtoMethod> methods, String comment) {
    public ProtoService {
        methods = List.copyOf(methods);
    }
}
