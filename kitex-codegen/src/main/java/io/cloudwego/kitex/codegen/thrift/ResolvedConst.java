package io.cloudwego.kitex.codegen.thrift;

/** A constant with its resolved type and checked value. */
public record ResolvedConst(Definition.ConstDef def, Type type, Value value) {

    public String name() {
        return def.name();
    }
}
