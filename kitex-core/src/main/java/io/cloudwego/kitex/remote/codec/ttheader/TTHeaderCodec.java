package io.cloudwego.kitex.remote.codec.ttheader;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.internal.Utf8;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Encodes and decodes the TTHeader part of a frame (reference §1). */
public final class TTHeaderCodec {
    /** Largest header info accepted on decode: 4 × 65535 bytes. */
    public static final int MAX_HEADER_SIZE = 4 * 65535;
    /** Bytes from the start of the frame to the start of the header info. */
    public static final int FIXED_SIZE = 14;

    private static final int INFO_PADDING = 0x00;
    private static final int INFO_KEY_VALUE = 0x01;
    private static final int INFO_INT_KEY_VALUE = 0x10;
    private static final int INFO_ACL_TOKEN = 0x11;

    private TTHeaderCodec() {
    }

    /** Whether the 4 bytes at offset 4 of a frame mark TTHeader. */
    public static boolean isTTHeader(int secondWord) {
        return (secondWord & 0xFFFF0000) == 0x10000000;
    }

    /**
     * Writes the frame start (LENGTH placeholder through padding) of {@code header}. The caller then
     * writes the payload and calls {@link #finishFrame(ByteBuf, int)} with the returned index.
     *
     * @return the index of the LENGTH field
     */
    public static int writeHeader(ByteBuf out, TTHeader header) {
        int frameStart = out.writerIndex();
        out.writeInt(0);
        out.writeShort(TTHeader.MAGIC);
        out.writeShort(header.flags());
        out.writeInt(header.seqId());
        int sizeIndex = out.writerIndex();
        out.writeShort(0);
        int infoStart = out.writerIndex();
        out.writeByte(header.protocolId());
        out.writeByte(0);
        if (header.aclToken() != null) {
            out.writeByte(INFO_ACL_TOKEN);
            writeShortString(out, header.aclToken());
        }
        if (header.hasStringInfo()) {
            Map<String, String> info = header.stringInfo();
            out.writeByte(INFO_KEY_VALUE);
            out.writeShort(info.size());
            for (Map.Entry<String, String> e : info.entrySet()) {
                writeShortString(out, e.getKey());
                writeShortString(out, e.getValue());
            }
        }
        if (header.hasIntInfo()) {
            Map<Integer, String> info = header.intInfo();
            out.writeByte(INFO_INT_KEY_VALUE);
            out.writeShort(info.size());
            for (Map.Entry<Integer, String> e : info.entrySet()) {
                out.writeShort(e.getKey());
                writeShortString(out, e.getValue());
            }
        }
        int padding = (4 - (out.writerIndex() - infoStart) % 4) % 4;
        out.writeZero(padding);
        int infoSize = out.writerIndex() - infoStart;
        if (infoSize > MAX_HEADER_SIZE) {
            throw new IllegalArgumentException("TTHeader info of " + infoSize + " bytes exceeds " + MAX_HEADER_SIZE);
        }
        out.setShort(sizeIndex, infoSize / 4);
        return frameStart;
    }

    /** Sets the LENGTH field of the frame that starts at {@code frameStart} to cover all bytes written since. */
    public static void finishFrame(ByteBuf out, int frameStart) {
        out.setInt(frameStart, out.writerIndex() - frameStart - 4);
    }

    /**
     * Decodes the header of one whole frame: {@code frame} holds LENGTH and exactly LENGTH more bytes.
     * On return the reader index is at the start of the payload.
     */
    public static TTHeader decode(ByteBuf frame) {
        int frameLength = frame.readableBytes();
        if (frameLength < FIXED_SIZE) {
            throw new ProtocolException("truncated", "TTHeader frame of " + frameLength + " bytes");
        }
        frame.skipBytes(4);
        int magic = frame.readUnsignedShort();
        if (magic != TTHeader.MAGIC) {
            throw new ProtocolException("bad-magic", String.format("TTHeader magic 0x%04x", magic));
        }
        TTHeader header = new TTHeader().flags(frame.readUnsignedShort()).seqId(frame.readInt());
        int infoSize = frame.readUnsignedShort() * 4;
        if (infoSize < 2 || infoSize > MAX_HEADER_SIZE || infoSize > frame.readableBytes()) {
            throw new ProtocolException("bad-header-size", "TTHeader header size " + infoSize
                + " outside [2, " + Math.min(MAX_HEADER_SIZE, frame.readableBytes()) + "]");
        }
        int infoEnd = frame.readerIndex() + infoSize;
        int protocolId = frame.readUnsignedByte();
        switch (protocolId) {
            case TTHeader.PROTOCOL_BINARY:
            case TTHeader.PROTOCOL_COMPACT_V2:
            case TTHeader.PROTOCOL_KITEX_PROTOBUF:
            case TTHeader.PROTOCOL_THRIFT_STRUCT:
            case TTHeader.PROTOCOL_PROTOBUF_STRUCT:
                header.protocolId(protocolId);
                break;
            default:
                throw new ProtocolException("bad-protocol-id", "unsupported ProtocolID " + protocolId);
        }
        int transforms = frame.readUnsignedByte();
        need(frame, infoEnd, transforms);
        frame.skipBytes(transforms);
        while (frame.readerIndex() < infoEnd) {
            int infoId = frame.readUnsignedByte();
            switch (infoId) {
                case INFO_PADDING:
                    break;
                case INFO_KEY_VALUE: {
                    int count = readCount(frame, infoEnd, 4);
                    Map<String, String> info = header.stringInfo(count);
                    for (int i = 0; i < count; i++) {
                        String key = readShortString(frame, infoEnd);
                        info.put(key, readShortString(frame, infoEnd));
                    }
                    break;
                }
                case INFO_INT_KEY_VALUE: {
                    int count = readCount(frame, infoEnd, 4);
                    Map<Integer, String> info = header.intInfo(count);
                    for (int i = 0; i < count; i++) {
                        need(frame, infoEnd, 2);
                        int key = frame.readUnsignedShort();
                        info.put(key, readShortString(frame, infoEnd));
                    }
                    break;
                }
                case INFO_ACL_TOKEN:
                    header.aclToken(readShortString(frame, infoEnd));
                    break;
                default:
                    throw new ProtocolException("bad-info-id", "invalid TTHeader info id " + infoId);
            }
        }
        return header;
    }

    private static int readCount(ByteBuf frame, int infoEnd, int minEntrySize) {
        need(frame, infoEnd, 2);
        int count = frame.readUnsignedShort();
        need(frame, infoEnd, count * minEntrySize);
        return count;
    }

    private static String readShortString(ByteBuf frame, int infoEnd) {
        need(frame, infoEnd, 2);
        int length = frame.readUnsignedShort();
        need(frame, infoEnd, length);
        String value = Utf8.decode(frame, frame.readerIndex(), length);
        frame.skipBytes(length);
        return value;
    }

    private static void need(ByteBuf frame, int infoEnd, int n) {
        if (infoEnd - frame.readerIndex() < n) {
            throw new ProtocolException("truncated", "TTHeader info block runs past the header end");
        }
    }

    private static void writeShortString(ByteBuf out, String value) {
        int length = Utf8.encodedLength(value);
        byte[] bytes = length == Utf8.UNPAIRED_SURROGATE ? value.getBytes(StandardCharsets.UTF_8) : null;
        if (bytes != null) {
            length = bytes.length;
        }
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("TTHeader string of " + length + " bytes exceeds 65535");
        }
        out.writeShort(length);
        if (bytes != null) {
            out.writeBytes(bytes);
        } else {
            ByteBufUtil.reserveAndWriteUtf8(out, value, length);
        }
    }
}
