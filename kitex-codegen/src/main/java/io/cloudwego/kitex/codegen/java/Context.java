package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.ThriftCompiler;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import java.util.Set;

/** What every part of the generator shares: names, type mapping, codec and value emitters, file headers. */
final class Context {
    final Naming naming;
    final Types types;
    final CodecEmitter codec;
    final ValueEmitter values;

    Context(Naming naming) {
        this.naming = naming;
        this.types = new Types(naming);
        this.codec = new CodecEmitter(types);
        this.values = new ValueEmitter(types, naming);
    }

    /** A compilation unit for class {@code simpleName} of {@code file}'s package, with these member types in scope. */
    JavaFile file(SourceFile file, String simpleName, Set<String> memberTypes) {
        String pkg = naming.packageName(file);
        return new JavaFile(pkg, simpleName, naming.packageTypes(pkg), memberTypes);
    }

    /** The generated-file header naming the IDL file. */
    static String header(SourceFile file) {
        return header(file.relativePath());
    }

    /** The generated-file header naming the IDL file at {@code idlPath}, relative to where it was found. */
    static String header(String idlPath) {
        return ThriftCompiler.GENERATED_MARKER + idlPath.replace('\\', '/')
            + ". Do not edit: changes are lost when it is generated again.\n\n";
    }

    /** The Javadoc of a definition: its IDL doc comment (with HTML and tags neutralized), else {@code fallback}. */
    static String doc(String idlDoc, String fallback) {
        return idlDoc != null && !idlDoc.isBlank() ? escape(idlDoc) : fallback;
    }

    /** IDL doc text made safe for Javadoc. */
    static String escape(String idlDoc) {
        return idlDoc == null ? null : idlDoc.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("@", "&#64;");
    }

    static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
