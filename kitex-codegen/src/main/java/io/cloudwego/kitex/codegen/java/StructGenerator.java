package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.java.CodecEmitter.FieldSpec;
import io.cloudwego.kitex.codegen.thrift.BaseType;
import io.cloudwego.kitex.codegen.thrift.Definition.StructKind;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates immutable value classes: structs and exceptions with a builder, unions with a factory
 * per field. Each has a {@code CODEC} for the Thrift binary protocol.
 */
final class StructGenerator {
    private static final String IDL_EXCEPTION = "io.cloudwego.kitex.errors.IdlException";

    private final Context cx;

    StructGenerator(Context cx) {
        this.cx = cx;
    }

    /** One field as this class stores it. */
    private final class Member {
        final ResolvedField field;
        final Naming.FieldNames names;
        final boolean nullable;
        final boolean required;
        final boolean isEnum;
        /** The builder's "has been set" flag of a required primitive field, else {@code null}. */
        String setFlag;

        Member(ResolvedStruct struct, ResolvedField field) {
            this.field = field;
            this.names = cx.naming.field(struct, field);
            this.nullable = struct.kind() == StructKind.UNION || Naming.nullable(field);
            this.required = Naming.required(field);
            this.isEnum = field.type() instanceof Type.EnumRef;
        }

        String name() {
            return names.name();
        }

        Type type() {
            return field.type();
        }

        /** The type of the final field. */
        String storage(JavaFile f) {
            return cx.types.storage(field, f, nullable);
        }

        /**
         * The type while building or reading: boxed for required non-primitive fields so that "unset"
         * is null; required primitives stay primitive (no boxing per value read) next to {@link #setFlag}.
         */
        String pending(JavaFile f) {
            return cx.types.storage(field, f, nullable || (required && !flagged()));
        }

        /** Whether the builder tracks this field's presence with {@link #setFlag}. */
        boolean flagged() {
            return required && primitiveStorage();
        }

        /** An expression that is true when the builder {@code owner} has this required field unset. */
        String unset(String owner) {
            return flagged() ? "!" + owner + "." + setFlag : owner + "." + name() + " == null";
        }

        boolean isBinary() {
            return field.type() instanceof Type.Base base && base.kind() == BaseType.BINARY;
        }

        boolean primitiveStorage() {
            return !nullable && (isEnum || Types.isPrimitive(field.type()));
        }

        /** The default value as a pending-typed expression. */
        String initial(JavaFile f) {
            if (field.defaultValue() != null) {
                return cx.values.expr(f, field.type(), field.defaultValue(), true);
            }
            if (flagged()) {
                return isEnum ? "0" : Types.zero(field.type());
            }
            return nullable || required || !primitiveStorage() ? "null" : Types.zero(field.type());
        }

        /** The field as read into {@code target}. */
        FieldSpec spec(String target) {
            return new FieldSpec(field.id(), field.type(), target, true);
        }

        /** {@code expr} (non-null) copied for keeping. */
        String kept(JavaFile f, String expr) {
            if (!CodecEmitter.needsCopy(field.type())) {
                return expr;
            }
            String copy = cx.codec.copy(f, field.type(), expr, 0);
            return required ? copy : expr + " == null ? null : " + copy;
        }

        /** The Java enum for this enum field's raw value {@code expr}. */
        String enumOf(JavaFile f, String expr) {
            String enumClass = cx.types.java(field.type(), f, false);
            return nullable ? expr + " == null ? null : " + enumClass + ".forValue(" + expr + ")"
                : enumClass + ".forValue(" + expr + ")";
        }
    }

    String generate(ResolvedStruct struct) {
        String name = cx.naming.className(struct);
        String nested = cx.naming.nested(struct);
        JavaFile f = cx.file(struct.file(), name, Set.of(nested));
        List<Member> members = new ArrayList<>();
        for (ResolvedField field : struct.fields()) {
            members.add(new Member(struct, field));
        }
        Set<String> builderFields = new HashSet<>();
        members.forEach(m -> builderFields.add(m.name()));
        for (Member m : members) {
            if (m.flagged()) {
                String flag = m.name() + "Set";
                while (!builderFields.add(flag)) {
                    flag += "_";
                }
                m.setFlag = flag;
            }
        }
        CodeWriter w = new CodeWriter();
        w.doc(Context.doc(struct.def().doc(), "{@code " + struct.kind().keyword() + " " + struct.name() + "} of "
            + struct.file().relativePath() + "."));
        if (struct.kind() == StructKind.UNION) {
            union(w, f, struct, name, nested, members);
        } else {
            struct(w, f, struct, name, nested, members);
        }
        return f.render(Context.header(struct.file()), w.toString());
    }

    private void struct(CodeWriter w, JavaFile f, ResolvedStruct struct, String name, String builder,
                        List<Member> members) {
        boolean exception = struct.kind() == StructKind.EXCEPTION;
        w.line("public final class " + name + (exception ? " extends " + f.t(IDL_EXCEPTION) : "") + " {");
        if (exception) {
            w.line("private static final long serialVersionUID = 1L;");
            w.blank();
        }
        w.doc("Writes and reads the " + struct.kind().keyword() + ".");
        w.line("public static final " + f.t(CodecEmitter.CODEC) + "<" + name + "> CODEC = new " + f.t(CodecEmitter.CODEC)
            + "<>() {");
        w.line("@" + f.t("java.lang.Override"));
        w.line("public void write(" + f.t(CodecEmitter.WRITER) + " out, " + name + " value) {");
        for (Member m : members) {
            cx.codec.writeField(w, f, m.spec(null), "value." + m.name(), m.nullable);
        }
        w.line("out.writeFieldStop();");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public " + name + " read(" + f.t(CodecEmitter.READER) + " in) {");
        w.line(builder + " builder = new " + builder + "();");
        for (Member m : members) {
            if (m.required && m.field.defaultValue() != null) {
                w.line("builder." + (m.flagged() ? m.setFlag + " = false;" : m.name() + " = null;"));
            }
        }
        Map<FieldSpec, Member> bySpec = new IdentityHashMap<>();
        List<FieldSpec> specs = new ArrayList<>();
        for (Member m : members) {
            FieldSpec spec = m.spec("builder." + m.name());
            bySpec.put(spec, m);
            specs.add(spec);
        }
        cx.codec.readLoop(w, f, specs, (spec, value) -> {
            w.line(spec.local() + " = " + value + ";");
            Member m = bySpec.get(spec);
            if (m.flagged()) {
                w.line("builder." + m.setFlag + " = true;");
            }
        });
        for (Member m : members) {
            if (m.required) {
                w.line("if (" + m.unset("builder") + ") {");
                w.line("throw new " + f.t(CodecEmitter.PROTOCOL_EXCEPTION) + "(\"missing-required-field\", \""
                    + struct.name() + "." + m.field.name() + " is required\");");
                w.line("}");
            }
        }
        w.line("return new " + name + "(builder);");
        w.line("}");
        w.line("};");
        w.blank();
        for (Member m : members) {
            w.line("private final " + (exception ? "transient " : "") + m.storage(f) + " " + m.name() + ";");
        }
        if (!members.isEmpty()) {
            w.blank();
        }
        w.line("private " + name + "(" + builder + " builder) {");
        if (exception) {
            Member message = members.stream().filter(m -> m.field.name().equals("message")
                && m.type().toString().equals("string")).findFirst().orElse(null);
            w.line("super(" + (message != null ? "builder." + message.name() : ValueEmitter.quote(struct.name())) + ");");
        }
        for (Member m : members) {
            w.line("this." + m.name() + " = builder." + m.name() + ";");
        }
        w.line("}");
        w.blank();
        w.doc("A builder with every field unset or at its IDL default.");
        w.line("public static " + builder + " builder() {");
        w.line("return new " + builder + "();");
        w.line("}");
        w.blank();
        w.doc("A builder starting from this value's fields.");
        w.line("public " + builder + " toBuilder() {");
        w.line("return new " + builder + "(this);");
        w.line("}");
        for (Member m : members) {
            w.blank();
            accessors(w, f, m, m.name());
        }
        w.blank();
        String that = "that";
        List<String> comparisons = new ArrayList<>();
        for (Member m : members) {
            if (!m.primitiveStorage()) {
                comparisons.add(f.t("java.util.Objects") + ".equals(this." + m.name() + ", " + that + "." + m.name() + ")");
            } else if (m.type() instanceof Type.Base base && base.kind() == BaseType.DOUBLE) {
                comparisons.add(f.t("java.lang.Double") + ".compare(this." + m.name() + ", " + that + "." + m.name()
                    + ") == 0");
            } else {
                comparisons.add("this." + m.name() + " == " + that + "." + m.name());
            }
        }
        equalsHashToString(w, f, name, comparisons, members.stream().map(m -> "this." + m.name()).toList(),
            members.stream().map(m -> m.field.name() + "=\" + this." + m.name()).toList());
        w.blank();
        builderClass(w, f, struct, name, builder, members);
        w.line("}");
    }

    private void accessors(CodeWriter w, JavaFile f, Member m, String storageExpr) {
        String doc = m.field.def().doc();
        if (m.isEnum) {
            w.doc(Context.doc(doc, "The " + m.field.name() + " field" + (m.nullable ? ", or {@code null} if unset" : "")
                + "; also {@code null} if its value is not a constant of the enum (see {@link #" + m.names.raw()
                + "()})."));
            w.line("public " + cx.types.java(m.type(), f, false) + " " + m.name() + "() {");
            w.line("return " + m.enumOf(f, storageExpr) + ";");
            w.line("}");
            w.blank();
            w.doc("The raw IDL value of the " + m.field.name() + " field, known to the enum or not"
                + (m.nullable ? "; {@code null} if unset." : "."));
            w.line("public " + m.storage(f) + " " + m.names.raw() + "() {");
        } else {
            w.doc(Context.doc(doc, "The " + m.field.name() + " field" + (m.nullable ? ", or {@code null} if unset." : ".")));
            w.line("public " + m.storage(f) + " " + m.name() + "() {");
        }
        if (m.isBinary()) {
            w.line("return " + storageExpr + " == null ? null : " + storageExpr + ".asReadOnlyBuffer();");
        } else {
            w.line("return " + storageExpr + ";");
        }
        w.line("}");
        if (m.nullable) {
            w.blank();
            w.doc("Whether the " + m.field.name() + " field is set.");
            w.line("public boolean " + m.names.has() + "() {");
            w.line("return " + storageExpr + " != null;");
            w.line("}");
        }
    }

    private static void equalsHashToString(CodeWriter w, JavaFile f, String name, List<String> comparisons,
                                           List<String> hashed, List<String> shown) {
        w.line("@" + f.t("java.lang.Override"));
        w.line("public boolean equals(" + f.t("java.lang.Object") + " o) {");
        w.line("if (this == o) {");
        w.line("return true;");
        w.line("}");
        w.line("if (!(o instanceof " + name + " that)) {");
        w.line("return false;");
        w.line("}");
        w.line("return " + (comparisons.isEmpty() ? "that == o" : String.join("\n        && ", comparisons)) + ";");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public int hashCode() {");
        w.line("return " + f.t("java.util.Objects") + ".hash(" + String.join(", ", hashed) + ");");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public " + f.t("java.lang.String") + " toString() {");
        w.line("return \"" + name + "{" + (shown.isEmpty() ? "}\"" : String.join(" + \", ", shown) + " + '}'") + ";");
        w.line("}");
    }

    private void builderClass(CodeWriter w, JavaFile f, ResolvedStruct struct, String name, String builder,
                              List<Member> members) {
        w.doc("Builds {@link " + name + "} values.");
        w.line("public static final class " + builder + " {");
        for (Member m : members) {
            w.line("private " + m.pending(f) + " " + m.name() + " = " + m.initial(f) + ";");
            if (m.flagged()) {
                w.line("private boolean " + m.setFlag + " = " + (m.field.defaultValue() != null) + ";");
            }
        }
        if (!members.isEmpty()) {
            w.blank();
        }
        w.line("private " + builder + "() {");
        w.line("}");
        w.blank();
        w.line("private " + builder + "(" + name + " from) {");
        for (Member m : members) {
            w.line("this." + m.name() + " = from." + m.name() + ";");
            if (m.flagged()) {
                w.line("this." + m.setFlag + " = true;");
            }
        }
        w.line("}");
        for (Member m : members) {
            w.blank();
            String param = m.nullable ? cx.types.java(m.type(), f, true) : cx.types.java(m.type(), f, false);
            if (m.isEnum) {
                w.doc("Sets the " + m.field.name() + " field" + (m.nullable ? "; {@code null} unsets it." : "."));
                w.line("public " + builder + " " + m.name() + "(" + cx.types.java(m.type(), f, false) + " value) {");
                if (m.flagged()) {
                    w.line("this." + m.setFlag + " = value != null;");
                    w.line("this." + m.name() + " = value == null ? 0 : value.value();");
                } else {
                    w.line("this." + m.name() + " = value == null ? null : value.value();");
                }
                w.line("return this;");
                w.line("}");
                w.blank();
                w.doc("Sets the " + m.field.name() + " field to a raw IDL value, known to the enum or not.");
                if (m.flagged()) {
                    w.line("public " + builder + " " + m.names.raw() + "(" + f.t("java.lang.Integer") + " value) {");
                    w.line("this." + m.setFlag + " = value != null;");
                    w.line("this." + m.name() + " = value == null ? 0 : value;");
                    w.line("return this;");
                    w.line("}");
                    continue;
                }
                w.line("public " + builder + " " + m.names.raw() + "(" + m.pending(f) + " value) {");
            } else {
                w.doc("Sets the " + m.field.name() + " field" + (m.nullable ? "; {@code null} unsets it." : "."));
                w.line("public " + builder + " " + m.name() + "(" + param + " value) {");
            }
            w.line("this." + m.name() + " = value;");
            if (m.flagged()) {
                w.line("this." + m.setFlag + " = true;");
            }
            w.line("return this;");
            w.line("}");
            if (m.isBinary()) {
                w.blank();
                w.doc("Sets the " + m.field.name() + " field to a copy of {@code value}.");
                w.line("public " + builder + " " + m.name() + "(byte[] value) {");
                w.line("this." + m.name() + " = value == null ? null : " + f.t("java.nio.ByteBuffer") + ".wrap(value);");
                w.line("return this;");
                w.line("}");
            }
        }
        w.blank();
        w.doc("The value; throws {@link IllegalStateException} if a required field is unset.");
        w.line("public " + name + " build() {");
        for (Member m : members) {
            if (m.required) {
                w.line("if (" + m.unset("this") + ") {");
                w.line("throw new " + f.t("java.lang.IllegalStateException") + "(\"" + struct.name() + "."
                    + m.field.name() + " is required\");");
                w.line("}");
            }
        }
        for (Member m : members) {
            if (CodecEmitter.needsCopy(m.type())) {
                w.line("this." + m.name() + " = " + m.kept(f, "this." + m.name()) + ";");
            }
        }
        w.line("return new " + name + "(this);");
        w.line("}");
        w.line("}");
    }

    private void union(CodeWriter w, JavaFile f, ResolvedStruct struct, String name, String kind,
                       List<Member> members) {
        w.line("public final class " + name + " {");
        w.doc("Which field a {@link " + name + "} holds.");
        w.line("public enum " + kind + " {");
        for (int i = 0; i < members.size(); i++) {
            w.line(members.get(i).name() + (i == members.size() - 1 ? "" : ","));
        }
        w.line("}");
        w.blank();
        w.doc("Writes and reads the union; exactly one field must be present (reason {@code bad-union} otherwise).");
        w.line("public static final " + f.t(CodecEmitter.CODEC) + "<" + name + "> CODEC = new " + f.t(CodecEmitter.CODEC)
            + "<>() {");
        w.line("@" + f.t("java.lang.Override"));
        w.line("public void write(" + f.t(CodecEmitter.WRITER) + " out, " + name + " value) {");
        w.line("switch (value.kind) {");
        for (Member m : members) {
            w.line("case " + m.name() + ": {");
            cx.codec.writeField(w, f, m.spec(null), "value." + (m.isEnum ? m.names.raw() : m.name()) + "()", false);
            w.line("break;");
            w.line("}");
        }
        w.line("default:").indent();
        w.line("break;").dedent();
        w.line("}");
        w.line("out.writeFieldStop();");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public " + name + " read(" + f.t(CodecEmitter.READER) + " in) {");
        w.line(kind + " setKind = null;");
        w.line(f.t("java.lang.Object") + " setValue = null;");
        String protocolException = f.t(CodecEmitter.PROTOCOL_EXCEPTION);
        List<FieldSpec> specs = members.stream().map(m -> m.spec(m.name())).toList();
        cx.codec.readLoop(w, f, specs, (spec, value) -> {
            w.line("if (setKind != null) {");
            w.line("throw new " + protocolException + "(\"bad-union\", \"" + struct.name()
                + " has more than one field set\");");
            w.line("}");
            w.line("setKind = " + kind + "." + spec.local() + ";");
            w.line("setValue = " + value + ";");
        });
        w.line("if (setKind == null) {");
        w.line("throw new " + protocolException + "(\"bad-union\", \"" + struct.name() + " has no field set\");");
        w.line("}");
        w.line("return new " + name + "(setKind, setValue);");
        w.line("}");
        w.line("};");
        w.blank();
        w.line("private final " + kind + " kind;");
        w.line("private final " + f.t("java.lang.Object") + " value;");
        w.blank();
        w.line("private " + name + "(" + kind + " kind, " + f.t("java.lang.Object") + " value) {");
        w.line("this.kind = kind;");
        w.line("this.value = value;");
        w.line("}");
        String objects = f.t("java.util.Objects");
        for (Member m : members) {
            w.blank();
            String javaType = cx.types.java(m.type(), f, true);
            String held = objects + ".requireNonNull(value, \"" + m.field.name() + "\")";
            w.doc("A " + name + " holding the " + m.field.name() + " field.");
            if (m.isEnum) {
                w.line("public static " + name + " " + m.name() + "(" + javaType + " value) {");
                w.line("return new " + name + "(" + kind + "." + m.name() + ", " + held + ".value());");
                w.line("}");
                w.blank();
                w.doc("A " + name + " holding the " + m.field.name() + " field as a raw IDL value.");
                w.line("public static " + name + " " + m.names.raw() + "(int value) {");
                w.line("return new " + name + "(" + kind + "." + m.name() + ", value);");
            } else {
                w.line("public static " + name + " " + m.name() + "(" + javaType + " value) {");
                w.line("return new " + name + "(" + kind + "." + m.name() + ", "
                    + cx.codec.copy(f, m.type(), held, 0) + ");");
            }
            w.line("}");
        }
        w.blank();
        w.doc("Which field this value holds.");
        w.line("public " + kind + " kind() {");
        w.line("return kind;");
        w.line("}");
        for (Member m : members) {
            w.blank();
            String stored = m.isEnum ? f.t("java.lang.Integer") : cx.types.java(m.type(), f, true);
            boolean generic = m.type() instanceof Type.ListOf || m.type() instanceof Type.SetOf
                || m.type() instanceof Type.MapOf;
            String storageExpr = "(kind == " + kind + "." + m.name() + " ? (" + stored + ") value : null)";
            if (m.isEnum) {
                accessors(w, f, m, storageExpr);
            } else {
                w.doc("The " + m.field.name() + " field, or {@code null} if this value holds another.");
                if (generic) {
                    w.line("@" + f.t("java.lang.SuppressWarnings") + "(\"unchecked\")");
                }
                w.line("public " + stored + " " + m.name() + "() {");
                w.line("return kind == " + kind + "." + m.name() + " ? ((" + stored + ") value)"
                    + (m.isBinary() ? ".asReadOnlyBuffer()" : "") + " : null;");
                w.line("}");
                w.blank();
                w.doc("Whether this value holds the " + m.field.name() + " field.");
                w.line("public boolean " + m.names.has() + "() {");
                w.line("return kind == " + kind + "." + m.name() + ";");
                w.line("}");
            }
        }
        w.blank();
        equalsHashToString(w, f, name, List.of("kind == that.kind", objects + ".equals(value, that.value)"),
            List.of("kind.ordinal()", "value"), List.of("\" + kind + \"=\" + value"));
        w.line("}");
    }
}
