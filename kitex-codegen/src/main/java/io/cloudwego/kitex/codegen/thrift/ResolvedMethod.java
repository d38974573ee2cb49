package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/** A method with resolved argument, return ({@code null} for void) and exception types. */
public record ResolvedMethod(Definition.MethodDef def, Type returnType, List<ResolvedField> params,
                             List<ResolvedField> exceptions) {
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
}
