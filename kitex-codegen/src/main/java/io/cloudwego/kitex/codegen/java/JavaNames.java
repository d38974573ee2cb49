package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.ResolvedEnum;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.ResolvedMethod;
import io.cloudwego.kitex.codegen.thrift.ResolvedService;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import java.util.List;

/** The Java names generated for IDL elements. */
public final class JavaNames {
    private final Naming naming;

    JavaNames(Naming naming) {
        this.naming = naming;
    }

    /**
     * {@code dotted} made a valid Java package name, as the generator does with namespaces: in each
     * segment, characters other than ASCII letters, digits and {@code _} become {@code _}, a
     * leading digit or an empty segment gets {@code _} before it, and a keyword gets {@code _} after it.
     */
    public static String javaPackage(String dotted) {
        return Naming.javaPackage(dotted);
    }

    /** The fully qualified name of a struct, union or exception class. */
    public String className(ResolvedStruct struct) {
        return naming.qualified(struct);
    }

    public String className(ResolvedEnum enumType) {
        return naming.qualified(enumType);
    }

    /** The service interface. */
    public String className(ResolvedService service) {
        return naming.qualified(service);
    }

    public String clientClassName(ResolvedService service) {
        return naming.clientClass(service);
    }

    /** The constants class of {@code file}, or {@code null} if it has none. */
    public String constantsClassName(SourceFile file) {
        return naming.constantsClass(file);
    }

    /** The accessor (and builder setter, union factory) of a field. */
    public String accessor(ResolvedStruct struct, ResolvedField field) {
        return naming.field(struct, field).name();
    }

    /** The {@code hasX} method of a field that may be unset, whether or not the class has one. */
    public String hasMethod(ResolvedStruct struct, ResolvedField field) {
        return naming.field(struct, field).has();
    }

    /** The raw-value accessor of an enum-typed field, or {@code null} for other fields. */
    public String rawAccessor(ResolvedStruct struct, ResolvedField field) {
        return naming.field(struct, field).raw();
    }

    /** Whether the field's value may be null (absent). */
    public boolean isNullable(ResolvedStruct struct, ResolvedField field) {
        return Naming.nullable(field);
    }

    public String enumConstant(ResolvedEnum enumType, String valueName) {
        return naming.enumConstant(enumType, valueName);
    }

    public String constant(SourceFile file, String constName) {
        return naming.constName(file, constName);
    }

    public String method(ResolvedMethod method) {
        return naming.methodNames(method).name();
    }

    /** The parameter names of a method (also the components of its args record). */
    public List<String> params(ResolvedMethod method) {
        return naming.methodNames(method).params();
    }

    /** The descriptor class of a service. */
    public String descriptorClassName(ResolvedService service) {
        return naming.descriptorClass(service);
    }

    /** The args codec constant of a method, in its declaring service's descriptor class. */
    public String argsCodec(ResolvedMethod method) {
        return naming.methodNames(method).constant() + "_ARGS";
    }

    /** The result codec constant of a method, in its declaring service's descriptor class. */
    public String resultCodec(ResolvedMethod method) {
        return naming.methodNames(method).constant() + "_RESULT";
    }
}
