package io.cloudwego.kitex.streaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * gRPC metadata: the application's headers or trailers of a call, an ordered multimap from
 * lower-case names to values. Names ending in {@code -bin} hold binary values (sent base64-encoded);
 * every other name holds printable ASCII strings.
 *
 * <p>Protocol headers ({@code :path}, {@code content-type}, {@code te}, {@code user-agent},
 * {@code grpc-*}, …) are never part of metadata: received ones are not shown here, and putting one
 * is refused.
 *
 * <p>Not thread-safe: fill one on one thread, then hand it over.
 */
public final class Metadata {
    /** The suffix of names whose values are binary. */
    public static final String BINARY_SUFFIX = "-bin";

    private static final Set<String> RESERVED = Set.of("content-type", "te", "user-agent", "host", "connection",
        "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "content-length", "accept-encoding",
        "content-encoding");

    private final List<String> names = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** Empty metadata. */
    public Metadata() {
    }

    /**
     * Adds the ASCII value {@code value} under {@code name}.
     *
     * @throws IllegalArgumentException if the name is invalid, reserved or ends in {@code -bin}, or
     *     the value has characters outside printable ASCII
     */
    public Metadata put(String name, String value) {
        String key = asciiName(name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("metadata value of " + key
                    + " must be printable ASCII (use a -bin name for other bytes): " + value);
            }
        }
        names.add(key);
        values.add(value);
        return this;
    }

    /**
     * Adds the binary value {@code value} under {@code name}, which must end in {@code -bin}.
     *
     * @throws IllegalArgumentException if the name is invalid or reserved, or does not end in {@code -bin}
     */
    public Metadata putBinary(String name, byte[] value) {
        String key = binaryName(name);
        names.add(key);
        values.add(value.clone());
        return this;
    }

    /** The last ASCII value put under {@code name}, or {@code null}. */
    public String get(String name) {
        int i = names.lastIndexOf(asciiName(name));
        return i < 0 ? null : (String) values.get(i);
    }

    /** Every ASCII value under {@code name}, in the order they were put; empty if none. */
    public List<String> getAll(String name) {
        String key = asciiName(name);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(key)) {
                all.add((String) values.get(i));
            }
        }
        return Collections.unmodifiableList(all);
    }

    /** The last binary value put under {@code name} (a {@code -bin} name), or {@code null}. */
    public byte[] getBinary(String name) {
        int i = names.lastIndexOf(binaryName(name));
        return i < 0 ? null : ((byte[]) values.get(i)).clone();
    }

    /** Every binary value under {@code name} (a {@code -bin} name), in the order they were put. */
    public List<byte[]> getAllBinary(String name) {
        String key = binaryName(name);
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(key)) {
                all.add(((byte[]) values.get(i)).clone());
            }
        }
        return Collections.unmodifiableList(all);
    }

    /** Whether any value is under {@code name}. */
    public boolean containsKey(String name) {
        return names.contains(normalize(name));
    }

    /** Removes every value under {@code name}; returns whether there was one. */
    public boolean removeAll(String name) {
        String key = normalize(name);
        boolean removed = false;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equals(key)) {
                names.remove(i);
                values.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    /** Adds every value of {@code other}, after this one's. */
    public Metadata merge(Metadata other) {
        for (int i = 0; i < other.names.size(); i++) {
            names.add(other.names.get(i));
            Object value = other.values.get(i);
            values.add(value instanceof byte[] ? ((byte[]) value).clone() : value);
        }
        return this;
    }

    /** The names that have values, in the order first put. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The number of values, all names together. */
    public int size() {
        return names.size();
    }

    /**
     * Whether {@code name} (lower case) is a protocol header that metadata never holds:
     * pseudo-headers, {@code grpc-*}, and the HTTP headers gRPC itself uses.
     */
    public static boolean isReserved(String name) {
        return name.startsWith(":") || name.startsWith("grpc-") || RESERVED.contains(name);
    }

    private static String asciiName(String name) {
        String key = normalize(name);
        if (key.endsWith(BINARY_SUFFIX)) {
            throw new IllegalArgumentException("metadata name " + key + " ends in -bin: use putBinary/getBinary");
        }
        return key;
    }

    private static String binaryName(String name) {
        String key = normalize(name);
        if (!key.endsWith(BINARY_SUFFIX)) {
            throw new IllegalArgumentException("binary metadata name " + key + " must end in -bin");
        }
        return key;
    }

    private static String normalize(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("metadata name is empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                throw new IllegalArgumentException("metadata name " + name
                    + " may only hold letters, digits, '-', '_' and '.'");
            }
        }
        if (isReserved(key)) {
            throw new IllegalArgumentException("metadata name " + key + " is reserved by the gRPC protocol");
        }
        return key;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Metadata{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            Object value = values.get(i);
            out.append(names.get(i)).append('=')
                .append(value instanceof byte[] ? Arrays.toString((byte[]) value) : value);
        }
        return out.append('}').toString();
    }
}
