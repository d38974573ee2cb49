package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.BaseType;
import io.cloudwego.kitex.codegen.thrift.Type;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Emits the Thrift binary write, read and defensive-copy code for values of any type; shared by
 * structs, unions, exceptions, method args and results. Enum values are either Java enum constants
 * or, for struct fields, raw {@code int}s ({@code rawEnum}).
 */
final class CodecEmitter {
    static final String READER = "io.cloudwego.kitex.remote.codec.thrift.ThriftReader";
    static final String WRITER = "io.cloudwego.kitex.remote.codec.thrift.ThriftWriter";
    static final String CODEC = "io.cloudwego.kitex.remote.codec.thrift.ThriftCodec";
    static final String PROTOCOL_EXCEPTION = "io.cloudwego.kitex.errors.ProtocolException";

    /** A field as the codec sees it: wire id and type, the local it is read into, whether its enum is raw. */
    record FieldSpec(int id, Type type, String local, boolean rawEnum) {
    }

    private final Types types;

    CodecEmitter(Types types) {
        this.types = types;
    }

    /** Writes the field header and value of {@code expr}, skipping it when {@code nullable} and null. */
    void writeField(CodeWriter w, JavaFile f, FieldSpec field, String expr, boolean nullable) {
        if (nullable) {
            w.line("if (" + expr + " != null) {");
        }
        w.line("out.writeFieldBegin(" + types.wire(field.type(), f) + ", (short) " + field.id() + ");");
        write(w, f, field.type(), expr, field.rawEnum(), 0);
        if (nullable) {
            w.line("}");
        }
    }

    void write(CodeWriter w, JavaFile f, Type type, String expr, boolean rawEnum, int depth) {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    w.line("out.writeBool(" + expr + ");");
                    return;
                case I8:
                    w.line("out.writeByte(" + expr + ");");
                    return;
                case I16:
                    w.line("out.writeI16(" + expr + ");");
                    return;
                case I32:
                    w.line("out.writeI32(" + expr + ");");
                    return;
                case I64:
                    w.line("out.writeI64(" + expr + ");");
                    return;
                case DOUBLE:
                    w.line("out.writeDouble(" + expr + ");");
                    return;
                case STRING:
                    w.line("out.writeString(" + expr + ");");
                    return;
                case UUID:
                    w.line("out.writeUuid(" + expr + ");");
                    return;
                default:
                    w.line("out.writeI32(" + expr + ".remaining());");
                    w.line("out.buffer().writeBytes(" + expr + ".duplicate());");
                    return;
            }
        }
        if (type instanceof Type.EnumRef) {
            w.line("out.writeI32(" + expr + (rawEnum ? "" : ".value()") + ");");
            return;
        }
        if (type instanceof Type.StructRef) {
            w.line("out.writeStruct(" + types.java(type, f, false) + ".CODEC, " + expr + ");");
            return;
        }
        String e = "e" + depth;
        if (type instanceof Type.MapOf map) {
            w.line("out.writeMapBegin(" + types.wire(map.key(), f) + ", " + types.wire(map.value(), f) + ", "
                + expr + ".size());");
            // forEach, not entrySet(): no iterator and, through Collections.unmodifiableMap, no entry wrapper per entry.
            String k = "k" + depth;
            String v = "v" + depth;
            w.line(expr + ".forEach((" + k + ", " + v + ") -> {");
            write(w, f, map.key(), k, false, depth + 1);
            write(w, f, map.value(), v, false, depth + 1);
            w.line("});");
            return;
        }
        Type element = element(type);
        String elementType = types.java(element, f, true);
        boolean list = type instanceof Type.ListOf;
        w.line("out.write" + (list ? "List" : "Set") + "Begin(" + types.wire(element, f) + ", " + expr + ".size());");
        if (list) {
            // Lists this code builds are array lists: indexing them allocates no iterator.
            String l = "l" + depth;
            String i = "i" + depth;
            String n = "n" + depth;
            w.line(types.java(type, f, false) + " " + l + " = " + expr + ";");
            w.line("if (" + l + " instanceof " + f.t("java.util.RandomAccess") + ") {");
            w.line("for (int " + i + " = 0, " + n + " = " + l + ".size(); " + i + " < " + n + "; " + i + "++) {");
            w.line(elementType + " " + e + " = " + l + ".get(" + i + ");");
            write(w, f, element, e, false, depth + 1);
            w.line("}");
            w.line("} else {");
            w.line("for (" + elementType + " " + e + " : " + l + ") {");
            write(w, f, element, e, false, depth + 1);
            w.line("}");
            w.line("}");
            return;
        }
        w.line("for (" + elementType + " " + e + " : " + expr + ") {");
        write(w, f, element, e, false, depth + 1);
        w.line("}");
    }

    private static Type element(Type type) {
        return type instanceof Type.ListOf list ? list.element() : ((Type.SetOf) type).element();
    }

    /** Emits what reading a value needs and returns the expression of the value read. */
    String read(CodeWriter w, JavaFile f, Type type, boolean rawEnum, int depth) {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    return "in.readBool()";
                case I8:
                    return "in.readByte()";
                case I16:
                    return "in.readI16()";
                case I32:
                    return "in.readI32()";
                case I64:
                    return "in.readI64()";
                case DOUBLE:
                    return "in.readDouble()";
                case STRING:
                    return "in.readString()";
                case UUID:
                    return "in.readUuid()";
                default:
                    return f.t("java.nio.ByteBuffer") + ".wrap(in.readBinary()).asReadOnlyBuffer()";
            }
        }
        if (type instanceof Type.EnumRef) {
            return rawEnum ? "in.readI32()" : types.java(type, f, false) + ".fromWire(in.readI32())";
        }
        if (type instanceof Type.StructRef) {
            return "in.readStruct(" + types.java(type, f, false) + ".CODEC)";
        }
        String n = "n" + depth;
        String c = "c" + depth;
        String i = "i" + depth;
        if (type instanceof Type.MapOf map) {
            w.line("int " + n + " = in.readMapBegin(" + types.wire(map.key(), f) + ", " + types.wire(map.value(), f)
                + ");");
            w.line(f.t("java.util.Map") + "<" + types.java(map.key(), f, true) + ", " + types.java(map.value(), f, true)
                + "> " + c + " = new " + f.t("java.util.LinkedHashMap") + "<>(" + f.t(READER) + ".hashCapacity(" + n + "));");
            w.line("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++) {");
            String k = "k" + depth;
            w.line(types.java(map.key(), f, true) + " " + k + " = " + read(w, f, map.key(), false, depth + 1) + ";");
            String v = read(w, f, map.value(), false, depth + 1);
            w.line(c + ".put(" + k + ", " + v + ");");
            w.line("}");
            return f.t("java.util.Collections") + ".unmodifiableMap(" + c + ")";
        }
        boolean list = type instanceof Type.ListOf;
        Type element = element(type);
        String javaType = types.java(type, f, false);
        w.line("int " + n + " = in.read" + (list ? "List" : "Set") + "Begin(" + types.wire(element, f) + ");");
        w.line(javaType + " " + c + " = new " + f.t(list ? "java.util.ArrayList" : "java.util.LinkedHashSet")
            + "<>(" + (list ? n : f.t(READER) + ".hashCapacity(" + n + ")") + ");");
        w.line("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++) {");
        String v = read(w, f, element, false, depth + 1);
        w.line(c + ".add(" + v + ");");
        w.line("}");
        return f.t("java.util.Collections") + ".unmodifiable" + (list ? "List" : "Set") + "(" + c + ")";
    }

    /**
     * Emits the field loop of a struct read: each known field whose wire type matches is read and
     * handed to {@code assign} (which writes the assignment), anything else is skipped.
     */
    void readLoop(CodeWriter w, JavaFile f, List<FieldSpec> fields, BiConsumer<FieldSpec, String> assign) {
        String thriftType = f.t(Types.THRIFT_TYPE);
        w.line("for (byte type = in.readFieldType(); type != " + thriftType + ".STOP; type = in.readFieldType()) {");
        if (fields.isEmpty()) {
            w.line("in.readFieldId();");
        } else {
            w.line("switch (in.readFieldId()) {");
            for (FieldSpec field : fields) {
                w.line("case " + field.id() + ":").indent();
                w.line("if (type == " + types.wire(field.type(), f) + ") {");
                String value = read(w, f, field.type(), field.rawEnum(), 0);
                assign.accept(field, value);
                w.line("continue;");
                w.line("}");
                w.line("break;").dedent();
            }
            w.line("default:").indent();
            w.line("break;").dedent();
            w.line("}");
        }
        w.line("in.skip(type);");
        w.line("}");
    }

    /** Whether values of {@code type} are copied when handed to a builder or factory. */
    static boolean needsCopy(Type type) {
        return type instanceof Type.ListOf || type instanceof Type.SetOf || type instanceof Type.MapOf
            || (type instanceof Type.Base base && base.kind() == BaseType.BINARY);
    }

    /** An expression for an unmodifiable deep copy of the non-null {@code expr}; every generic type is explicit. */
    String copy(JavaFile f, Type type, String expr, int depth) {
        if (!needsCopy(type)) {
            return expr;
        }
        if (type instanceof Type.Base) {
            String buffer = f.t("java.nio.ByteBuffer");
            return buffer + ".allocate(" + expr + ".remaining()).put(" + expr + ".duplicate()).flip().asReadOnlyBuffer()";
        }
        String collections = f.t("java.util.Collections");
        String collectors = f.t("java.util.stream.Collectors");
        String e = "e" + depth;
        if (type instanceof Type.MapOf map) {
            String k = types.java(map.key(), f, true);
            String v = types.java(map.value(), f, true);
            String linked = f.t("java.util.LinkedHashMap") + "<" + k + ", " + v + ">";
            if (!needsCopy(map.key()) && !needsCopy(map.value())) {
                return collections + ".<" + k + ", " + v + ">unmodifiableMap(new " + linked + "(" + expr + "))";
            }
            return collections + ".<" + k + ", " + v + ">unmodifiableMap(" + expr + ".entrySet().stream().collect("
                + collectors + ".<" + f.t("java.util.Map") + ".Entry<" + k + ", " + v + ">, " + k + ", " + v + ", "
                + linked + ">toMap(" + e + " -> " + copy(f, map.key(), e + ".getKey()", depth + 1) + ", "
                + e + " -> " + copy(f, map.value(), e + ".getValue()", depth + 1) + ", (x" + depth + ", y" + depth
                + ") -> y" + depth + ", " + linked + "::new)))";
        }
        boolean list = type instanceof Type.ListOf;
        Type element = element(type);
        String el = types.java(element, f, true);
        String kind = list ? "List" : "Set";
        String impl = f.t(list ? "java.util.ArrayList" : "java.util.LinkedHashSet") + "<" + el + ">";
        if (!needsCopy(element)) {
            return collections + ".<" + el + ">unmodifiable" + kind + "(new " + impl + "(" + expr + "))";
        }
        return collections + ".<" + el + ">unmodifiable" + kind + "(" + expr + ".stream().<" + el + ">map(" + e + " -> "
            + copy(f, element, e, depth + 1) + ").collect(" + collectors + ".<" + el + ", " + impl + ">toCollection("
            + impl + "::new)))";
    }
}
