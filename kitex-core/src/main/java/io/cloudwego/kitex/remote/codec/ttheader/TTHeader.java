package io.cloudwego.kitex.remote.codec.ttheader;

import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header part of a TTHeader frame: flags, sequence id, protocol id and the key/value info
 * blocks. Mutable: a codec fills it in on decode, a caller fills it in before encode.
 */
public final class TTHeader {
    /** Frame magic, the upper half of the word at offset 4. */
    public static final int MAGIC = 0x1000;
    /**
     * Flag of a request whose sender matches replies by sequence id, so it may be answered out of
     * order and takes a control frame (sequence id 0) at any time, such as the {@code crrst} a
     * stopping server sends on an idle connection.
     */
    public static final int FLAG_SUPPORT_OUT_OF_ORDER = 0x0001;
    /** Flag marking a TTHeader Streaming frame. */
    public static final int FLAG_STREAMING = 0x0002;

    /** Protocol ids. Kitex writes {@link #PROTOCOL_BINARY} whatever the payload is. */
    public static final int PROTOCOL_BINARY = 0x00;
    public static final int PROTOCOL_COMPACT_V2 = 0x03;
    public static final int PROTOCOL_KITEX_PROTOBUF = 0x04;
    public static final int PROTOCOL_THRIFT_STRUCT = 0x10;
    public static final int PROTOCOL_PROTOBUF_STRUCT = 0x11;

    private int flags;
    private int seqId;
    private int protocolId = PROTOCOL_BINARY;
    private String aclToken;
    private Map<Integer, String> intInfo;
    private Map<String, String> stringInfo;

    public int flags() {
        return flags;
    }

    public TTHeader flags(int flags) {
        this.flags = flags;
        return this;
    }

    public int seqId() {
        return seqId;
    }

    public TTHeader seqId(int seqId) {
        this.seqId = seqId;
        return this;
    }

    public int protocolId() {
        return protocolId;
    }

    public TTHeader protocolId(int protocolId) {
        this.protocolId = protocolId;
        return this;
    }

    /** The ACL token (info id 0x11), or {@code null}. */
    public String aclToken() {
        return aclToken;
    }

    public TTHeader aclToken(String aclToken) {
        this.aclToken = aclToken;
        return this;
    }

    /** The integer-keyed info (info id 0x10), encoded in insertion order; created on first use. */
    public Map<Integer, String> intInfo() {
        if (intInfo == null) {
            intInfo = new LinkedHashMap<>();
        }
        return intInfo;
    }

    /** {@link #intInfo()}, created for {@code expected} more entries when it does not exist yet. */
    Map<Integer, String> intInfo(int expected) {
        if (intInfo == null) {
            intInfo = new LinkedHashMap<>(ThriftReader.hashCapacity(expected));
        }
        return intInfo;
    }

    /** {@link #stringInfo()}, created for {@code expected} more entries when it does not exist yet. */
    Map<String, String> stringInfo(int expected) {
        if (stringInfo == null) {
            stringInfo = new LinkedHashMap<>(ThriftReader.hashCapacity(expected));
        }
        return stringInfo;
    }

    /** The string-keyed info (info id 0x01), encoded in insertion order; created on first use. */
    public Map<String, String> stringInfo() {
        if (stringInfo == null) {
            stringInfo = new LinkedHashMap<>();
        }
        return stringInfo;
    }

    /** Whether any int info is set. */
    public boolean hasIntInfo() {
        return intInfo != null && !intInfo.isEmpty();
    }

    /** Whether any string info is set. */
    public boolean hasStringInfo() {
        return stringInfo != null && !stringInfo.isEmpty();
    }

    /** The int info value under {@code key}, or {@code null}. */
    public String intValue(int key) {
        return intInfo == null ? null : intInfo.get(key);
    }

    /** The string info value under {@code key}, or {@code null}. */
    public String stringValue(String key) {
        return stringInfo == null ? null : stringInfo.get(key);
    }

    @Override
    public String toString() {
        return "TTHeader{flags=" + flags + ", seqId=" + seqId + ", protocolId=" + protocolId
            + ", intInfo=" + intInfo + ", stringInfo=" + stringInfo + (aclToken == null ? "" : ", acl") + '}';
    }
}
