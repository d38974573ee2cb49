package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.Definition;
import io.cloudwego.kitex.codegen.thrift.ResolvedEnum;
import java.util.List;
import java.util.Set;

/** Generates a Java enum per IDL enum. */
final class EnumGenerator {
    private final Context cx;

    EnumGenerator(Context cx) {
        this.cx = cx;
    }

    String generate(ResolvedEnum enumType) {
        String name = cx.naming.className(enumType);
        JavaFile f = cx.file(enumType.file(), name, Set.of());
        CodeWriter w = new CodeWriter();
        w.doc(Context.doc(enumType.def().doc(), "{@code enum " + enumType.name() + "} of "
            + enumType.file().relativePath() + "."));
        w.line("public enum " + name + " {");
        List<Definition.EnumValue> values = enumType.values();
        for (int i = 0; i < values.size(); i++) {
            Definition.EnumValue value = values.get(i);
            w.doc(Context.escape(value.doc()));
            w.line(cx.naming.enumConstant(enumType, value.name()) + "(" + value.value() + ")"
                + (i == values.size() - 1 ? ";" : ","));
        }
        if (values.isEmpty()) {
            w.line(";");
        }
        w.blank();
        w.line("private final int value;");
        w.blank();
        w.line(name + "(int value) {");
        w.line("this.value = value;");
        w.line("}");
        w.blank();
        w.doc("The IDL value of this constant.");
        w.line("public int value() {");
        w.line("return value;");
        w.line("}");
        w.blank();
        w.doc("The constant whose IDL value is {@code value}, or {@code null} if there is none.");
        w.line("public static " + name + " forValue(int value) {");
        w.line("switch (value) {");
        for (Definition.EnumValue value : values) {
            w.line("case " + value.value() + ":").indent();
            w.line("return " + cx.naming.enumConstant(enumType, value.name()) + ";").dedent();
        }
        w.line("default:").indent();
        w.line("return null;").dedent();
        w.line("}");
        w.line("}");
        w.blank();
        w.doc("Like {@link #forValue(int)}, for values read off the wire: an unknown value is a protocol error\n"
            + "(reason {@code unknown-enum-value}).");
        w.line("public static " + name + " fromWire(int value) {");
        w.line(name + " found = forValue(value);");
        w.line("if (found == null) {");
        w.line("throw new " + f.t(CodecEmitter.PROTOCOL_EXCEPTION) + "(\"unknown-enum-value\", \"" + enumType.name()
            + " has no value \" + value);");
        w.line("}");
        w.line("return found;");
        w.line("}");
        w.line("}");
        return f.render(Context.header(enumType.file()), w.toString());
    }
}
