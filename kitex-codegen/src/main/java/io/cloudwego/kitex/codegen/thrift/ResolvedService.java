package io.cloudwego.kitex.codegen.thrift;

import java.util.ArrayList;
import java.util.List;

/** A service, its parent ({@code null} when it extends none) and its own methods. */
public final class ResolvedService {
    private final SourceFile file;
    private final Definition.ServiceDef def;
    private ResolvedService parent;
    private List<ResolvedMethod> methods = List.of();

    ResolvedService(SourceFile file, Definition.ServiceDef def) {
        this.file = file;
        this.def = def;
    }

    public SourceFile file() {
        return file;
    }

    public Definition.ServiceDef def() {
        return def;
    }

    public String name() {
        return def.name();
    }

    public ResolvedService parent() {
        return parent;
    }

    void parent(ResolvedService parent) {
        this.parent = parent;
    }

    /** The methods this service declares, in IDL order. */
    public List<ResolvedMethod> methods() {
        return methods;
    }

    void methods(List<ResolvedMethod> methods) {
        this.methods = List.copyOf(methods);
    }

    /** Every method, inherited ones first (the root service's first). */
    public List<ResolvedMethod> allMethods() {
        List<ResolvedMethod> all = parent == null ? new ArrayList<>() : new ArrayList<>(parent.allMethods());
        all.addAll(methods);
        return all;
    }

    @Override
    public String toString() {
        return "service " + def.name();
    }
}
