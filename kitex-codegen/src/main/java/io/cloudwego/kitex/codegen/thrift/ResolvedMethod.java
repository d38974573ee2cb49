package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/**
 * A method with resolved argument, return ({@code null} for void) and exception types.
 *
 * @param streamingMode its {@code streaming.mode}, or {@code null} for a plain Thrift method
 */
public record ResolvedMethod(Definition.MethodDef def, Type returnType, List<ResolvedField> params,
                             List<ResolvedField> exceptions, StreamingMode streamingMode) {
    public ResolvedMethod {
        params = List.copyOf(params);
        exceptions = List.copyOf(exceptions);
    }

    public String name() {
        return def.name();
    }

    public boolean oneway() {
        return def.oneway();
    }

    /** Whether the method is annotated {@code streaming.mode}: it travels as Thrift over gRPC. */
    public boolean streaming() {
        return streamingMode != null;
    }
}
