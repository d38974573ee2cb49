package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/** One parsed IDL file: its headers and definitions in source order. */
public record ThriftDocument(String path, List<Include> includes, List<Include> cppIncludes,
                             List<Namespace> namespaces, List<Definition> definitions) {
    public ThriftDocument {
        includes = List.copyOf(includes);
        cppIncludes = List.copyOf(cppIncludes);
        namespaces = List.copyOf(namespaces);
        definitions = List.copyOf(definitions);
    }

    /** {@code include "path"} or {@code cpp_include "path"}. */
    public record Include(String path, Position position) {
    }

    /** {@code namespace scope name}; the scope {@code *} applies to every language. */
    public record Namespace(String scope, String name, Annotations annotations, Position position) {
    }

    /** The namespace for {@code scope}, else the {@code *} one, else {@code null}. */
    public String namespace(String scope) {
        String any = null;
        for (Namespace namespace : namespaces) {
            if (namespace.scope().equals(scope)) {
                return namespace.name();
            }
            if (namespace.scope().equals("*")) {
                any = namespace.name();
            }
        }
        return any;
    }
}
