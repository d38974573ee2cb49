package io.cloudwego.kitex.codegen.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A text file of this package's resources with {@code {{name}}} placeholders. */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

    private Template() {
    }

    /** The bytes of resource {@code name} of this package. */
    static byte[] resource(String name) {
        try (InputStream in = Template.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kitex-codegen is missing its resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + name, e);
        }
    }

    /**
     * Resource {@code name} with every placeholder replaced by its value in {@code values}, passed
     * through {@code escape}.
     *
     * @throws IllegalStateException if the template has a placeholder without a value, or a value has no placeholder
     */
    static String render(String name, Map<String, String> values, UnaryOperator<String> escape) {
        String text = new String(resource(name), StandardCharsets.UTF_8);
        Set<String> unused = new HashSet<>(values.keySet());
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(name + " has {{" + m.group(1) + "}}, which has no value");
            }
            unused.remove(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
        }
        if (!unused.isEmpty()) {
            throw new IllegalStateException(name + " does not use " + unused);
        }
        return m.appendTail(out).toString();
    }

    /** {@code text} as XML character data or attribute value. */
    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
