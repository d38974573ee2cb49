package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/**
 * The annotations of a type, field, definition, method or enum value: {@code (k = "v", k2)}, in
 * source order. A key written without a value has the empty string as value.
 */
public record Annotations(List<Annotation> list) {
    public static final Annotations NONE = new Annotations(List.of());

    public Annotations {
        list = List.copyOf(list);
    }

    /** One {@code key = "value"} pair. */
    public record Annotation(String key, String value, Position position) {
    }

    /** The value of the last annotation named {@code key}, or {@code null}. */
    public String get(String key) {
        String value = null;
        for (Annotation annotation : list) {
            if (annotation.key().equals(key)) {
                value = annotation.value();
            }
        }
        return value;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }
}
