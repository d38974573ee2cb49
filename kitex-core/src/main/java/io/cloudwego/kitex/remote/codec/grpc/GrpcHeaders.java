package io.cloudwego.kitex.remote.codec.grpc;

import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.streaming.Metadata;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header names and values of gRPC over HTTP/2, and the translations shared by server and client:
 * {@link Metadata} to and from HTTP/2 headers, and Kitex metainfo as {@code rpc-transit-*} and
 * {@code rpc-persist-*} headers (reference §5.1).
 */
public final class GrpcHeaders {
    public static final AsciiString STATUS = AsciiString.cached("grpc-status");
    public static final AsciiString MESSAGE = AsciiString.cached("grpc-message");
    public static final AsciiString TIMEOUT = AsciiString.cached("grpc-timeout");
    public static final AsciiString ENCODING = AsciiString.cached("grpc-encoding");
    public static final AsciiString ACCEPT_ENCODING = AsciiString.cached("grpc-accept-encoding");
    /** Request header of a retry or backup request: how many attempts of the call went before it (gRPC A6). */
    public static final AsciiString PREVIOUS_RPC_ATTEMPTS = AsciiString.cached("grpc-previous-rpc-attempts");
    public static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    public static final AsciiString TE = AsciiString.cached("te");
    public static final AsciiString TE_TRAILERS = AsciiString.cached("trailers");
    public static final AsciiString USER_AGENT = AsciiString.cached("user-agent");
    /** Content type of gRPC with its default (Protobuf) payload. */
    public static final AsciiString CONTENT_TYPE_GRPC = AsciiString.cached("application/grpc");
    public static final AsciiString CONTENT_TYPE_GRPC_PROTO = AsciiString.cached("application/grpc+proto");
    /** Content type Kitex sends for Thrift payloads over gRPC. */
    public static final AsciiString CONTENT_TYPE_GRPC_THRIFT = AsciiString.cached("application/grpc+thrift");
    /** Trailer of a biz status code (reference §4.3). */
    public static final AsciiString BIZ_STATUS = AsciiString.cached("biz-status");
    /** Trailer of a biz status's extra values, as JSON. */
    public static final AsciiString BIZ_EXTRA = AsciiString.cached("biz-extra");
    /** Header prefix of transient metainfo. */
    public static final String METAINFO_TRANSIENT_PREFIX = "rpc-transit-";
    /** Header prefix of persistent metainfo. */
    public static final String METAINFO_PERSISTENT_PREFIX = "rpc-persist-";

    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private GrpcHeaders() {
    }

    /**
     * Whether {@code contentType} is gRPC's: {@code application/grpc}, alone or with a
     * {@code +subtype} or {@code ;parameters}.
     */
    public static boolean isGrpcContentType(CharSequence contentType) {
        if (contentType == null || !AsciiString.regionMatches(contentType, true, 0, CONTENT_TYPE_GRPC, 0,
            CONTENT_TYPE_GRPC.length())) {
            return false;
        }
        if (contentType.length() == CONTENT_TYPE_GRPC.length()) {
            return true;
        }
        char next = contentType.charAt(CONTENT_TYPE_GRPC.length());
        return next == '+' || next == ';';
    }

    /**
     * The content type of gRPC calls whose messages are in {@code payloadCodec}:
     * {@code application/grpc} for Protobuf (gRPC's default, as Kitex and grpc-java send it) and
     * {@code application/grpc+thrift} for Thrift.
     */
    public static AsciiString contentType(PayloadCodec payloadCodec) {
        return payloadCodec == PayloadCodec.THRIFT ? CONTENT_TYPE_GRPC_THRIFT : CONTENT_TYPE_GRPC;
    }

    /**
     * The encoding of the messages of a gRPC call with {@code contentType}, from its content-subtype:
     * none, {@code proto} or {@code protobuf} is Protobuf, {@code thrift} is Thrift (case-insensitive,
     * parameters after {@code ;} ignored); {@code null} for another subtype or a content type that is
     * not gRPC's.
     */
    public static PayloadCodec payloadCodecOf(CharSequence contentType) {
        if (!isGrpcContentType(contentType)) {
            return null;
        }
        String subtype = contentSubtype(contentType);
        switch (subtype) {
            case "":
            case "proto":
            case "protobuf":
                return PayloadCodec.PROTOBUF;
            case "thrift":
                return PayloadCodec.THRIFT;
            default:
                return null;
        }
    }

    /**
     * What follows {@code application/grpc+} in the gRPC content type {@code contentType}, up to any
     * {@code ;}, in lower case; empty when there is no {@code +}.
     */
    public static String contentSubtype(CharSequence contentType) {
        int start = CONTENT_TYPE_GRPC.length();
        if (contentType.length() == start || contentType.charAt(start) != '+') {
            return "";
        }
        int end = start + 1;
        while (end < contentType.length() && contentType.charAt(end) != ';') {
            end++;
        }
        return contentType.subSequence(start + 1, end).toString().trim().toLowerCase(Locale.ROOT);
    }

    /** The application metadata among {@code headers}: everything that is not a protocol header. */
    public static Metadata readMetadata(Http2Headers headers) {
        Metadata metadata = new Metadata();
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            String name = header.getKey().toString().toLowerCase(Locale.ROOT);
            if (Metadata.isReserved(name) || !isValidName(name)) {
                continue;
            }
            String value = header.getValue().toString();
            if (name.endsWith(Metadata.BINARY_SUFFIX)) {
                for (String part : value.split(",", -1)) {
                    try {
                        metadata.putBinary(name, Base64.getDecoder().decode(part.trim()));
                    } catch (IllegalArgumentException e) {
                        // A -bin value that is not base64 is dropped rather than failing the call.
                    }
                }
            } else if (isPrintableAscii(value)) {
                metadata.put(name, value);
            }
        }
        return metadata;
    }

    /** Adds {@code metadata} to {@code headers}, binary values base64-encoded without padding. */
    public static void writeMetadata(Metadata metadata, Http2Headers headers) {
        for (String name : metadata.keys()) {
            if (name.endsWith(Metadata.BINARY_SUFFIX)) {
                for (byte[] value : metadata.getAllBinary(name)) {
                    headers.add(name, BASE64.encodeToString(value));
                }
            } else {
                for (String value : metadata.getAll(name)) {
                    headers.add(name, value);
                }
            }
        }
    }

    /**
     * Adds the metainfo a call carries to its request headers: transient values as
     * {@code rpc-transit-<key>} and persistent ones as {@code rpc-persist-<key>}, keys in lower case
     * with {@code _} as {@code -}.
     */
    public static void writeMetainfo(Metainfo metainfo, Http2Headers headers) {
        metainfo.transientValues().forEach((k, v) -> headers.set(METAINFO_TRANSIENT_PREFIX + toHeaderKey(k), v));
        metainfo.persistentValues().forEach((k, v) -> headers.set(METAINFO_PERSISTENT_PREFIX + toHeaderKey(k), v));
    }

    /**
     * The metainfo a server handler sees for a request with {@code headers}: keys back in upper case
     * with {@code -} as {@code _}; transient values become upstream ones, as over TTHeader.
     */
    public static Metainfo readMetainfo(Http2Headers headers) {
        Map<String, String> stringInfo = null;
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            String name = header.getKey().toString().toLowerCase(Locale.ROOT);
            String prefix;
            String key;
            if (name.startsWith(METAINFO_TRANSIENT_PREFIX)) {
                prefix = Metainfo.TRANSIENT_PREFIX;
                key = fromHeaderKey(name.substring(METAINFO_TRANSIENT_PREFIX.length()));
            } else if (name.startsWith(METAINFO_PERSISTENT_PREFIX)) {
                prefix = Metainfo.PERSISTENT_PREFIX;
                key = fromHeaderKey(name.substring(METAINFO_PERSISTENT_PREFIX.length()));
            } else {
                continue;
            }
            if (key.isEmpty()) {
                continue;
            }
            if (stringInfo == null) {
                stringInfo = new HashMap<>();
            }
            stringInfo.put(prefix + key, header.getValue().toString());
        }
        return Metainfo.ofRequest(stringInfo);
    }

    /** A metainfo key as a header name suffix: lower case, {@code _} as {@code -}. */
    public static String toHeaderKey(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A header name suffix back as a metainfo key: upper case, {@code -} as {@code _}. */
    public static String fromHeaderKey(String headerKey) {
        return headerKey.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The first of the comma-separated encodings in {@code acceptEncoding} that we have, or {@code null}. */
    public static Compressor acceptedCompressor(CharSequence acceptEncoding, List<Compressor> preferred) {
        if (acceptEncoding == null) {
            return null;
        }
        for (Compressor compressor : preferred) {
            for (String name : acceptEncoding.toString().split(",")) {
                if (name.trim().equals(compressor.name())) {
                    return compressor;
                }
            }
        }
        return null;
    }

    private static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
