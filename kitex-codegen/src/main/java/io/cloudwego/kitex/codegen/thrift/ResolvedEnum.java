package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/** An enum and the file that defines it. */
public record ResolvedEnum(SourceFile file, Definition.EnumDef def) {

    public String name() {
        return def.name();
    }

    public List<Definition.EnumValue> values() {
        return def.values();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
