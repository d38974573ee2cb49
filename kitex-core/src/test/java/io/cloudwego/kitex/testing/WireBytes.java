package io.cloudwego.kitex.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;

/** Hex helpers for wire-format tests. Hex strings may contain spaces and {@code |} separators. */
public final class WireBytes {
    private WireBytes() {
    }

    /** The bytes spelled by {@code hex}, ignoring spaces and {@code |}. */
    public static byte[] bytes(String hex) {
        return ByteBufUtil.decodeHexDump(normalize(hex));
    }

    /** {@code hex} in lower case without separators, as {@link #hex(ByteBuf)} prints it. */
    public static String normalize(String hex) {
        return hex.replaceAll("[\\s|]", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A pooled direct buffer holding the bytes spelled by {@code hex}; the caller releases it (or
     * hands it to a channel that does). Pooled and direct so that the leak detector tracks it.
     */
    public static ByteBuf buffer(String hex) {
        byte[] bytes = bytes(hex);
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** The readable bytes of {@code buf} as lower-case hex, leaving its indexes alone. */
    public static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
