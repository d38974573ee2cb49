package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/** A struct, union or exception with its resolved fields, and the file that defines it. */
public final class ResolvedStruct {
    private final SourceFile file;
    private final Definition.StructDef def;
    private List<ResolvedField> fields = List.of();

    ResolvedStruct(SourceFile file, Definition.StructDef def) {
        this.file = file;
        this.def = def;
    }

    public SourceFile file() {
        return file;
    }

    public Definition.StructDef def() {
        return def;
    }

    public String name() {
        return def.name();
    }

    public Definition.StructKind kind() {
        return def.kind();
    }

    /** The fields in IDL order. */
    public List<ResolvedField> fields() {
        return fields;
    }

    void fields(List<ResolvedField> fields) {
        this.fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
        return def.kind().keyword() + " " + def.name();
    }
}
