package io.cloudwego.kitex.codegen.thrift;

/** A field with its resolved type and default value ({@code null} when none). */
public record ResolvedField(FieldDef def, Type type, Value defaultValue) {

    public String name() {
        return def.name();
    }

    public int id() {
        return def.id();
    }

    public Requiredness requiredness() {
        return def.requiredness();
    }
}
