package io.cloudwego.kitex.remote.codec.ttheader;

import io.cloudwego.kitex.errors.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code biz-extra} value: a flat JSON object of string keys and string values. */
public final class BizExtra {
    private BizExtra() {
    }

    /** Encodes {@code extra} as a JSON object. */
    public static String toJson(Map<String, String> extra) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            appendString(json, e.getKey());
            json.append(':');
            appendString(json, e.getValue());
        }
        return json.append('}').toString();
    }

    /** Decodes a JSON object of strings. */
    public static Map<String, String> fromJson(String json) {
        Parser parser = new Parser(json);
        Map<String, String> extra = new LinkedHashMap<>();
        parser.expect('{');
        if (!parser.consume('}')) {
            do {
                String key = parser.string();
                parser.expect(':');
                extra.put(key, parser.string());
            } while (parser.consume(','));
            parser.expect('}');
        }
        return extra;
    }

    private static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        json.append('"');
    }

    private static final class Parser {
        private final String json;
        private int pos;

        Parser(String json) {
            this.json = json;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw error("'" + c + "'");
            }
        }

        boolean consume(char c) {
            while (pos < json.length() && Character.isWhitespace(json.charAt(pos))) {
                pos++;
            }
            if (pos < json.length() && json.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (pos < json.length()) {
                char c = json.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (pos >= json.length()) {
                        break;
                    }
                    char escaped = json.charAt(pos++);
                    switch (escaped) {
                        case 'n': value.append('\n'); break;
                        case 'r': value.append('\r'); break;
                        case 't': value.append('\t'); break;
                        case 'b': value.append('\b'); break;
                        case 'f': value.append('\f'); break;
                        case 'u':
                            if (pos + 4 > json.length()) {
                                throw error("4 hex digits");
                            }
                            value.append((char) Integer.parseInt(json.substring(pos, pos + 4), 16));
                            pos += 4;
                            break;
                        default: value.append(escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            throw error("end of string");
        }

        ProtocolException error(String expected) {
            return new ProtocolException("bad-biz-extra", "biz-extra is not a JSON object of strings: expected "
                + expected + " at " + pos + " in " + json);
        }
    }
}
