package io.cloudwego.kitex.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The flat JSON objects (string and number members) that a client process reports on its standard output. */
final class Json {
    private static final Pattern MEMBER = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[-+0-9.eE]+|null)");

    private Json() {
    }

    /** {@code values} as one line of JSON; numbers stay numbers, anything else becomes a string. */
    static String write(Map<String, ?> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":");
            if (value == null) {
                json.append("null");
            } else if (value instanceof Double d) {
                json.append(String.format(Locale.ROOT, "%.3f", d));
            } else if (value instanceof Number) {
                json.append(value);
            } else {
                json.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", " ").replace("\r", " ")).append('"');
            }
        });
        return json.append('}').toString();
    }

    /** The members of a flat object written by {@link #write}: strings unescaped, numbers as text, null as null. */
    static Map<String, String> read(String json) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher member = MEMBER.matcher(json);
        while (member.find()) {
            String raw = member.group(2);
            values.put(member.group(1), raw.equals("null") ? null
                : member.group(3) != null ? member.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : raw);
        }
        return values;
    }
}
