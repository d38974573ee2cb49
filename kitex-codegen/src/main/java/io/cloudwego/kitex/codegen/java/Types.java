package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.BaseType;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.Type;

/** Java types and Thrift wire types of IDL types. */
final class Types {
    static final String THRIFT_TYPE = "io.cloudwego.kitex.remote.codec.thrift.ThriftType";

    private final Naming naming;

    Types(Naming naming) {
        this.naming = naming;
    }

    /** Whether the Java type is a primitive (when not boxed). */
    static boolean isPrimitive(Type type) {
        if (type instanceof Type.Base base) {
            BaseType kind = base.kind();
            return kind != BaseType.STRING && kind != BaseType.BINARY && kind != BaseType.UUID;
        }
        return false;
    }

    /** The Java type of values of {@code type}; enums as their Java enum. */
    String java(Type type, JavaFile f, boolean boxed) {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    return boxed ? f.t("java.lang.Boolean") : "boolean";
                case I8:
                    return boxed ? f.t("java.lang.Byte") : "byte";
                case I16:
                    return boxed ? f.t("java.lang.Short") : "short";
                case I32:
                    return boxed ? f.t("java.lang.Integer") : "int";
                case I64:
                    return boxed ? f.t("java.lang.Long") : "long";
                case DOUBLE:
                    return boxed ? f.t("java.lang.Double") : "double";
                case STRING:
                    return f.t("java.lang.String");
                case BINARY:
                    return f.t("java.nio.ByteBuffer");
                default:
                    return f.t("java.util.UUID");
            }
        }
        if (type instanceof Type.ListOf list) {
            return f.t("java.util.List") + "<" + java(list.element(), f, true) + ">";
        }
        if (type instanceof Type.SetOf set) {
            return f.t("java.util.Set") + "<" + java(set.element(), f, true) + ">";
        }
        if (type instanceof Type.MapOf map) {
            return f.t("java.util.Map") + "<" + java(map.key(), f, true) + ", " + java(map.value(), f, true) + ">";
        }
        if (type instanceof Type.StructRef ref) {
            return f.t(naming.qualified(ref.struct()));
        }
        return f.t(naming.qualified(((Type.EnumRef) type).enumType()));
    }

    /** How a struct field is stored: enums as their raw {@code int}, boxed when the field may be absent. */
    String storage(ResolvedField field, JavaFile f, boolean nullable) {
        if (field.type() instanceof Type.EnumRef) {
            return nullable ? f.t("java.lang.Integer") : "int";
        }
        return java(field.type(), f, nullable);
    }

    /** The {@code ThriftType} constant of {@code type}. */
    String wire(Type type, JavaFile f) {
        return f.t(THRIFT_TYPE) + "." + wireName(type);
    }

    private static String wireName(Type type) {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    return "BOOL";
                case I8:
                    return "BYTE";
                case I16:
                    return "I16";
                case I32:
                    return "I32";
                case I64:
                    return "I64";
                case DOUBLE:
                    return "DOUBLE";
                case UUID:
                    return "UUID";
                default:
                    return "STRING";
            }
        }
        if (type instanceof Type.ListOf) {
            return "LIST";
        }
        if (type instanceof Type.SetOf) {
            return "SET";
        }
        if (type instanceof Type.MapOf) {
            return "MAP";
        }
        return type instanceof Type.StructRef ? "STRUCT" : "I32";
    }

    /** The zero value of a primitive Java type, or {@code null}. */
    static String zero(Type type) {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    return "false";
                case I8:
                    return "(byte) 0";
                case I16:
                    return "(short) 0";
                case I64:
                    return "0L";
                case DOUBLE:
                    return "0.0";
                case I32:
                    return "0";
                default:
                    return "null";
            }
        }
        return "null";
    }
}
