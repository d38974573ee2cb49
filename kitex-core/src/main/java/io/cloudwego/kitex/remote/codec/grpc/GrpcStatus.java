package io.cloudwego.kitex.remote.codec.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The status a gRPC call ends with: a {@link Code} and an optional description, carried in the
 * {@code grpc-status} and {@code grpc-message} trailers.
 */
public final class GrpcStatus {

    /** gRPC status codes, with their numbers on the wire. */
    public enum Code {
        OK(0), CANCELLED(1), UNKNOWN(2), INVALID_ARGUMENT(3), DEADLINE_EXCEEDED(4), NOT_FOUND(5),
        ALREADY_EXISTS(6), PERMISSION_DENIED(7), RESOURCE_EXHAUSTED(8), FAILED_PRECONDITION(9), ABORTED(10),
        OUT_OF_RANGE(11), UNIMPLEMENTED(12), INTERNAL(13), UNAVAILABLE(14), DATA_LOSS(15), UNAUTHENTICATED(16);

        private static final Code[] BY_VALUE = values();

        private final int value;

        Code(int value) {
            this.value = value;
        }

        /** The number sent as {@code grpc-status}. */
        public int value() {
            return value;
        }

        /** The code numbered {@code value}; {@link #UNKNOWN} for numbers gRPC does not define. */
        public static Code of(int value) {
            return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
        }
    }

    /** Success, with no description. */
    public static final GrpcStatus OK = new GrpcStatus(Code.OK, null);

    private final Code code;
    private final String description;

    private GrpcStatus(Code code, String description) {
        this.code = Objects.requireNonNull(code, "code");
        this.description = description;
    }

    /** A status of {@code code} described by {@code description} (may be {@code null}). */
    public static GrpcStatus of(Code code, String description) {
        return new GrpcStatus(code, description);
    }

    public Code code() {
        return code;
    }

    /** The human-readable description, or {@code null}. */
    public String description() {
        return description;
    }

    public boolean isOk() {
        return code == Code.OK;
    }

    /**
     * The gRPC code for an HTTP response whose {@code :status} is not 200, as the gRPC HTTP/2
     * specification maps them.
     */
    public static Code fromHttpStatus(int httpStatus) {
        switch (httpStatus) {
            case 400:
                return Code.INTERNAL;
            case 401:
                return Code.UNAUTHENTICATED;
            case 403:
                return Code.PERMISSION_DENIED;
            case 404:
                return Code.UNIMPLEMENTED;
            case 429:
            case 502:
            case 503:
            case 504:
                return Code.UNAVAILABLE;
            default:
                return Code.UNKNOWN;
        }
    }

    /**
     * {@code message} as a {@code grpc-message} value: its UTF-8 bytes, with those outside printable
     * ASCII and {@code %} written as {@code %XX}.
     */
    public static String encodeMessage(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (needsEscape(b)) {
                if (out == null) {
                    out = new StringBuilder(bytes.length + 16);
                    for (int j = 0; j < i; j++) {
                        out.append((char) bytes[j]);
                    }
                }
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            } else if (out != null) {
                out.append((char) b);
            }
        }
        return out == null ? message : out.toString();
    }

    /**
     * The message a {@code grpc-message} value encodes. Escapes that are not two hex digits are kept
     * as they are, and byte sequences that are not UTF-8 become replacement characters: a peer's
     * mistake never hides the rest of the message.
     */
    public static String decodeMessage(CharSequence value) {
        boolean escaped = false;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '%') {
                escaped = true;
                break;
            }
        }
        if (!escaped) {
            return value.toString();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    bytes.write((high << 4) | low);
                    i += 2;
                    continue;
                }
            }
            if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean needsEscape(int b) {
        return b < 0x20 || b > 0x7E || b == '%';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrpcStatus && ((GrpcStatus) o).code == code
            && Objects.equals(((GrpcStatus) o).description, description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, description);
    }

    @Override
    public String toString() {
        return description == null ? code.name() : code + ": " + description;
    }
}
