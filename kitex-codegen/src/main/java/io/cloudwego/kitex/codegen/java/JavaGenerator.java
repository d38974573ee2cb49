package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.Program;
import io.cloudwego.kitex.codegen.thrift.ResolvedEnum;
import io.cloudwego.kitex.codegen.thrift.ResolvedService;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import java.util.Map;
import java.util.TreeMap;

/** Turns a resolved {@link Program} into Java sources targeting kitex-core. */
public final class JavaGenerator {
    private final Context cx;
    private final Program program;

    /**
     * @param packageOverride the package of every generated type, or {@code null} to use each file's
     *     {@code namespace java} (then {@code namespace *}, then {@code fallbackPackage}, then the file's name)
     */
    public JavaGenerator(Program program, String packageOverride, String fallbackPackage) {
        this.program = program;
        this.cx = new Context(new Naming(program, packageOverride, fallbackPackage));
    }

    /** Every generated file of every loaded IDL file: path relative to the output root ({@code a/b/C.java}) to content, sorted by path. */
    public Map<String, String> generate() {
        Map<String, String> out = new TreeMap<>();
        StructGenerator structs = new StructGenerator(cx);
        EnumGenerator enums = new EnumGenerator(cx);
        ServiceGenerator services = new ServiceGenerator(cx);
        ConstantsGenerator constants = new ConstantsGenerator(cx);
        for (SourceFile file : program.files()) {
            for (ResolvedStruct struct : file.structs()) {
                put(out, file, cx.naming.className(struct), structs.generate(struct));
            }
            for (ResolvedEnum enumType : file.enums()) {
                put(out, file, cx.naming.className(enumType), enums.generate(enumType));
            }
            for (ResolvedService service : file.services()) {
                put(out, file, cx.naming.className(service), services.generateInterface(service));
                put(out, file, simple(cx.naming.descriptorClass(service)), services.generateDescriptor(service));
                put(out, file, simple(cx.naming.clientClass(service)), services.generateClient(service));
            }
            if (cx.naming.constantsClass(file) != null) {
                put(out, file, simple(cx.naming.constantsClass(file)), constants.generate(file));
            }
        }
        return out;
    }

    private void put(Map<String, String> out, SourceFile file, String className, String source) {
        out.put(cx.naming.packageName(file).replace('.', '/') + "/" + className + ".java", source);
    }

    private static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** The names the generated code uses, for tools and tests that work with it. */
    public JavaNames names() {
        return new JavaNames(cx.naming);
    }
}
