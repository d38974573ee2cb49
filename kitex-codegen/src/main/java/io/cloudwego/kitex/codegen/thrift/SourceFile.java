package io.cloudwego.kitex.codegen.thrift;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One loaded IDL file: where it is, its parsed document, its includes and its resolved definitions. */
public final class SourceFile {
    private final Path path;
    private final String relativePath;
    private final ThriftDocument document;
    final Map<String, SourceFile> includes = new LinkedHashMap<>();
    final List<ResolvedStruct> structs = new ArrayList<>();
    final List<ResolvedEnum> enums = new ArrayList<>();
    final List<ResolvedConst> consts = new ArrayList<>();
    final List<ResolvedService> services = new ArrayList<>();

    SourceFile(Path path, String relativePath, ThriftDocument document) {
        this.path = path;
        this.relativePath = relativePath;
        this.document = document;
    }

    /** The file on disk, as found. */
    public Path path() {
        return path;
    }

    /**
     * The path relative to where it was found: the file name for an input, the include path joined
     * to the includer's relative directory, or the include path itself when found through a search
     * path. Machine-independent; used in generated headers.
     */
    public String relativePath() {
        return relativePath;
    }

    public ThriftDocument document() {
        return document;
    }

    /** The file name without directory and {@code .thrift}: the name other files qualify its definitions with. */
    public String baseName() {
        String name = path.getFileName().toString();
        return name.endsWith(".thrift") ? name.substring(0, name.length() - ".thrift".length()) : name;
    }

    /**
     * The package Kitex gives this file's services in a gRPC {@code :path}
     * ({@code /package.Service/Method}), as Kitex's generated Go code does: the last dot-separated
     * segment of {@code namespace go} (else {@code namespace *}), else of the file name without
     * directory and extension; lower case.
     */
    public String grpcPackage() {
        String namespace = document.namespace("go");
        if (namespace == null) {
            String name = path.getFileName().toString();
            int dot = name.lastIndexOf('.');
            namespace = dot < 0 ? name : name.substring(0, dot);
        }
        return namespace.substring(namespace.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    /** Included files by the prefix that qualifies their names. */
    public Map<String, SourceFile> includes() {
        return Collections.unmodifiableMap(includes);
    }

    public List<ResolvedStruct> structs() {
        return Collections.unmodifiableList(structs);
    }

    public List<ResolvedEnum> enums() {
        return Collections.unmodifiableList(enums);
    }

    public List<ResolvedConst> consts() {
        return Collections.unmodifiableList(consts);
    }

    public List<ResolvedService> services() {
        return Collections.unmodifiableList(services);
    }

    @Override
    public String toString() {
        return relativePath;
    }
}
