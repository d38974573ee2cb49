package io.cloudwego.kitex.codegen.java;

/** Builds Java source text line by line with four-space indentation; {@code {} and {@code }} at line ends steer it. */
final class CodeWriter {
    private final StringBuilder out = new StringBuilder();
    private int indent;

    /**
     * Writes one line (continuation lines after {@code \n} keep its margin); a line ending in '{'
     * indents the following ones, a line starting with '}' dedents itself.
     */
    CodeWriter line(String text) {
        if (text.startsWith("}") || text.startsWith(")")) {
            indent--;
        }
        if (!text.isEmpty()) {
            String margin = "    ".repeat(Math.max(indent, 0));
            out.append(margin).append(text.replace("\n", "\n" + margin));
        }
        out.append('\n');
        if (text.endsWith("{") || text.endsWith("(")) {
            indent++;
        }
        return this;
    }

    CodeWriter blank() {
        out.append('\n');
        return this;
    }

    /** Writes a Javadoc comment of {@code text} (several lines allowed); nothing when it is null. */
    CodeWriter doc(String text) {
        if (text == null || text.isBlank()) {
            return this;
        }
        String safe = text.replace("*/", "*&#47;");
        String[] lines = safe.split("\n");
        if (lines.length == 1) {
            return line("/** " + lines[0].strip() + " */");
        }
        line("/**");
        for (String l : lines) {
            line(l.isBlank() ? " *" : " * " + l.stripTrailing());
        }
        return line(" */");
    }

    CodeWriter indent() {
        indent++;
        return this;
    }

    CodeWriter dedent() {
        indent--;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
