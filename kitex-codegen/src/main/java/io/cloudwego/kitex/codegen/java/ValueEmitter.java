package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.Type;
import io.cloudwego.kitex.codegen.thrift.Value;
import java.util.ArrayList;
import java.util.List;

/** Java expressions for constant and default values. Containers come out unmodifiable and in IDL order. */
final class ValueEmitter {
    private final Types types;
    private final Naming naming;

    ValueEmitter(Types types, Naming naming) {
        this.types = types;
        this.naming = naming;
    }

    /** {@code value} as an expression of {@code type}; a top-level enum is its raw int when {@code rawEnum}. */
    String expr(JavaFile f, Type type, Value value, boolean rawEnum) {
        if (value instanceof Value.EnumConst e) {
            return rawEnum ? String.valueOf(e.value().value())
                : f.t(naming.qualified(e.enumType())) + "." + naming.enumConstant(e.enumType(), e.value().name());
        }
        if (value instanceof Value.Bool b) {
            return String.valueOf(b.value());
        }
        if (value instanceof Value.Int i) {
            return integer(type, i.value());
        }
        if (value instanceof Value.Real r) {
            return real(f, r.value());
        }
        if (value instanceof Value.Str s) {
            Type.Base base = (Type.Base) type;
            switch (base.kind()) {
                case BINARY:
                    return f.t("java.nio.ByteBuffer") + ".wrap(" + quote(s.value()) + ".getBytes("
                        + f.t("java.nio.charset.StandardCharsets") + ".UTF_8)).asReadOnlyBuffer()";
                case UUID:
                    return f.t("java.util.UUID") + ".fromString(" + quote(s.value()) + ")";
                default:
                    return quote(s.value());
            }
        }
        if (value instanceof Value.ListOf list) {
            Type element = type instanceof Type.ListOf l ? l.element() : ((Type.SetOf) type).element();
            List<String> items = new ArrayList<>();
            for (Value v : list.elements()) {
                items.add(expr(f, element, v, false));
            }
            String of = f.t("java.util.List") + ".<" + types.java(element, f, true) + ">of(" + String.join(", ", items)
                + ")";
            if (type instanceof Type.ListOf) {
                return of;
            }
            return f.t("java.util.Collections") + ".unmodifiableSet(new " + f.t("java.util.LinkedHashSet") + "<>(" + of
                + "))";
        }
        if (value instanceof Value.MapOf map) {
            Type.MapOf mapType = (Type.MapOf) type;
            String entryType = types.java(mapType.key(), f, true) + ", " + types.java(mapType.value(), f, true);
            String mapClass = f.t("java.util.Map");
            List<String> entries = new ArrayList<>();
            for (Value.Entry entry : map.entries()) {
                entries.add(mapClass + ".<" + entryType + ">entry(" + expr(f, mapType.key(), entry.key(), false) + ", "
                    + expr(f, mapType.value(), entry.value(), false) + ")");
            }
            return f.t("java.util.Collections") + ".unmodifiableMap(" + f.t("java.util.stream.Stream") + ".<"
                + mapClass + ".Entry<" + entryType + ">>of(" + String.join(", ", entries) + ").collect("
                + f.t("java.util.stream.Collectors") + ".toMap(" + mapClass + ".Entry::getKey, " + mapClass
                + ".Entry::getValue, (x0, y0) -> y0, " + f.t("java.util.LinkedHashMap") + "::new)))";
        }
        Value.StructOf struct = (Value.StructOf) value;
        ResolvedStruct target = struct.struct();
        StringBuilder out = new StringBuilder(f.t(naming.qualified(target)) + ".builder()");
        for (Value.FieldValue field : struct.fields()) {
            out.append('.').append(naming.field(target, field.field()).name()).append('(')
                .append(expr(f, field.field().type(), field.value(), false)).append(')');
        }
        return out.append(".build()").toString();
    }

    private static String integer(Type type, long value) {
        switch (((Type.Base) type).kind()) {
            case I8:
                return "(byte) " + value;
            case I16:
                return "(short) " + value;
            case I64:
                return value + "L";
            case DOUBLE:
                return value + ".0";
            default:
                return String.valueOf(value);
        }
    }

    private static String real(JavaFile f, double value) {
        if (Double.isInfinite(value)) {
            return f.t("java.lang.Double") + (value > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
        }
        return Double.toString(value);
    }

    /** A Java string literal of {@code text}. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
