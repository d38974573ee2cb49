package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.ResolvedConst;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import java.util.Set;

/** Generates the class holding an IDL file's constants. */
final class ConstantsGenerator {
    private final Context cx;

    ConstantsGenerator(Context cx) {
        this.cx = cx;
    }

    String generate(SourceFile file) {
        String qualified = cx.naming.constantsClass(file);
        String name = qualified.substring(qualified.lastIndexOf('.') + 1);
        JavaFile f = cx.file(file, name, Set.of());
        CodeWriter w = new CodeWriter();
        w.doc("The constants of " + file.relativePath() + ".");
        w.line("public final class " + name + " {");
        for (ResolvedConst constant : file.consts()) {
            w.doc(Context.escape(constant.def().doc()));
            w.line("public static final " + cx.types.java(constant.type(), f, false) + " "
                + cx.naming.constName(file, constant.name()) + " = "
                + cx.values.expr(f, constant.type(), constant.value(), false) + ";");
            w.blank();
        }
        w.line("private " + name + "() {");
        w.line("}");
        w.line("}");
        return f.render(Context.header(file), w.toString());
    }
}
