package io.cloudwego.kitex.remote.codec.thrift;

import static io.cloudwego.kitex.testing.WireBytes.hex;
import static io.cloudwego.kitex.testing.WireBytes.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Thrift binary protocol: every type written and read back, skipped, and the reader's protections. */
class ThriftReaderWriterTest {

    // ---------------------------------------------------------------- scalars

    @Test
    void bool() {
        assertThat(write(w -> w.writeBool(true))).isEqualTo("01");
        assertThat(write(w -> w.writeBool(false))).isEqualTo("00");
        assertThat(read("01", ThriftReader::readBool)).isTrue();
        assertThat(read("00", ThriftReader::readBool)).isFalse();
        // Any non-zero byte is true, as in Apache Thrift.
        assertThat(read("02", ThriftReader::readBool)).isTrue();
        assertThat(read("ff", ThriftReader::readBool)).isTrue();
    }

    @Test
    void byteValues() {
        for (byte b : new byte[] {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE}) {
            String hex = write(w -> w.writeByte(b));
            assertThat(hex).isEqualTo(String.format("%02x", b & 0xFF));
            assertThat(read(hex, ThriftReader::readByte)).isEqualTo(b);
        }
    }

    @Test
    void i16() {
        assertThat(write(w -> w.writeI16(Short.MIN_VALUE))).isEqualTo("8000");
        assertThat(write(w -> w.writeI16((short) 0x1234))).isEqualTo("1234");
        for (short v : new short[] {Short.MIN_VALUE, -1, 0, 1, 0x1234, Short.MAX_VALUE}) {
            assertThat(read(write(w -> w.writeI16(v)), ThriftReader::readI16)).isEqualTo(v);
        }
    }

    @Test
    void i32() {
        assertThat(write(w -> w.writeI32(0x01020304))).isEqualTo("01020304");
        assertThat(write(w -> w.writeI32(-2))).isEqualTo("fffffffe");
        for (int v : new int[] {Integer.MIN_VALUE, -1, 0, 1, 0x01020304, Integer.MAX_VALUE}) {
            assertThat(read(write(w -> w.writeI32(v)), ThriftReader::readI32)).isEqualTo(v);
        }
    }

    @Test
    void i64() {
        assertThat(write(w -> w.writeI64(0x0102030405060708L))).isEqualTo("0102030405060708");
        for (long v : new long[] {Long.MIN_VALUE, -1, 0, 1, 0x0102030405060708L, Long.MAX_VALUE}) {
            assertThat(read(write(w -> w.writeI64(v)), ThriftReader::readI64)).isEqualTo(v);
        }
    }

    @Test
    void doubleValues() {
        assertThat(write(w -> w.writeDouble(1.5))).isEqualTo("3ff8000000000000");
        assertThat(write(w -> w.writeDouble(-0.0))).isEqualTo("8000000000000000");
        for (double v : new double[] {0.0, -0.0, 1.5, -Math.PI, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            double back = read(write(w -> w.writeDouble(v)), ThriftReader::readDouble);
            assertThat(Double.doubleToRawLongBits(back)).isEqualTo(Double.doubleToRawLongBits(v));
        }
    }

    @Test
    void uuid() {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(write(w -> w.writeUuid(id))).isEqualTo("00112233445566778899aabbccddeeff");
        assertThat(read("00112233445566778899aabbccddeeff", ThriftReader::readUuid)).isEqualTo(id);
    }

    // ---------------------------------------------------------------- strings and binary

    @Test
    void emptyString() {
        assertThat(write(w -> w.writeString(""))).isEqualTo("00000000");
        assertThat(read("00000000", ThriftReader::readString)).isEmpty();
    }

    @Test
    void asciiAndMultiByteStrings() {
        assertThat(write(w -> w.writeString("hi"))).isEqualTo("000000026869");
        assertThat(write(w -> w.writeString("\u00e9\u4e2d"))).isEqualTo("00000005c3a9e4b8ad");
        for (String s : new String[] {"hi", "\u00e9\u4e2d", "x".repeat(10_000), "\u0000nul"}) {
            assertThat(read(write(w -> w.writeString(s)), ThriftReader::readString)).isEqualTo(s);
        }
    }

    @Test
    void nonBmpStringsAreFourUtf8Bytes() {
        // U+1F600 is a surrogate pair in Java and 4 bytes in UTF-8: the length counts bytes, not chars.
        assertThat(write(w -> w.writeString("😀"))).isEqualTo("00000004f09f9880");
        String mixed = "a😀b\uD834\uDD1E中";
        assertThat(read(write(w -> w.writeString(mixed)), ThriftReader::readString)).isEqualTo(mixed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "\u00e9", "\u4e2d", "\uD83D\uDE00", "\uD800", "\uDC00", "a\uD800\u4e2d"})
    void shortAndLongStringsAreEncodedAlike(String piece) {
        // Strings from MIN_BULK_ENCODED_CHARS on take another encoder: every length around it writes the JDK's UTF-8.
        for (int chars = ThriftWriter.MIN_BULK_ENCODED_CHARS - 3; chars <= ThriftWriter.MIN_BULK_ENCODED_CHARS + 3; chars++) {
            String s = piece.repeat(chars / piece.length() + 1).substring(0, chars);
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);

            assertThat(write(w -> w.writeString(s))).as("%d chars", chars)
                .isEqualTo(String.format("%08x", expected.length) + ByteBufUtil.hexDump(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "\uDC00", "a\uD800b", "\uD800\uD800", "\uDC00\uD800",
        "\uD800\u00e9", "\uD800\u4e2d", "\uD800\uD83D\uDE00", "x\uDBFF"})
    void unpairedSurrogatesAreWrittenAsQuestionMarksLikeTheJdkDoes(String s) {
        // Each unpaired surrogate becomes '?'; every other character keeps its UTF-8 encoding.
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);

        String hex = write(w -> w.writeString(s));

        assertThat(hex).isEqualTo(String.format("%08x", expected.length) + ByteBufUtil.hexDump(expected));
        assertThat(read(hex, ThriftReader::readString)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8IsReadWithReplacementCharactersLikeTheJdkDoes() {
        for (String bytes : new String[] {"ff", "c0 80", "e4 b8", "61 80 62", "ed a0 80"}) {
            byte[] raw = WireBytes.bytes(bytes);
            String hex = String.format("%08x", raw.length) + normalize(bytes);
            assertThat(read(hex, ThriftReader::readString)).as(bytes)
                .isEqualTo(new String(raw, StandardCharsets.UTF_8))
                .contains("\uFFFD");
        }
    }

    @Test
    void binary() {
        byte[] value = {0, 1, (byte) 0x80, (byte) 0xff};
        assertThat(write(w -> w.writeBinary(value))).isEqualTo("00000004000180ff");
        assertThat(read("000000040001 80ff", ThriftReader::readBinary)).containsExactly(value);
        assertThat(write(w -> w.writeBinary(new byte[0]))).isEqualTo("00000000");
        assertThat(read("00000000", ThriftReader::readBinary)).isEmpty();
    }

    @Test
    void binaryFromAByteBufLeavesItsReaderIndexAlone() {
        ByteBuf value = WireBytes.buffer("aa bb cc dd");
        try {
            value.skipBytes(1);
            assertThat(write(w -> w.writeBinary(value))).isEqualTo("00000003bbccdd");
            assertThat(value.readerIndex()).isEqualTo(1);
        } finally {
            value.release();
        }
    }

    // ---------------------------------------------------------------- message header

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void messageHeaderOfEveryType(MessageType type) {
        MessageHeader header = new MessageHeader("echo", type, 0x01020304);

        String hex = write(w -> w.writeMessageBegin(header));

        assertThat(hex).isEqualTo(String.format("800100%02x", type.id()) + "000000046563686f01020304");
        assertThat(read(hex, ThriftReader::readMessageBegin)).isEqualTo(header);
    }

    @Test
    void messageHeaderWithAnEmptyOrNonAsciiNameAndANegativeSeqId() {
        for (MessageHeader header : new MessageHeader[] {
            new MessageHeader("", MessageType.REPLY, -1), new MessageHeader("方法", MessageType.CALL, Integer.MIN_VALUE)}) {
            assertThat(read(write(w -> w.writeMessageBegin(header)), ThriftReader::readMessageBegin)).isEqualTo(header);
        }
    }

    // ---------------------------------------------------------------- structs and containers

    record Point(int x, int y, String label) {
    }

    /** {@code struct Point {1: i32 x, 2: i32 y, 3: optional string label}}. */
    static final ThriftCodec<Point> POINT = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, Point value) {
            out.writeFieldBegin(ThriftType.I32, (short) 1);
            out.writeI32(value.x());
            out.writeFieldBegin(ThriftType.I32, (short) 2);
            out.writeI32(value.y());
            if (value.label() != null) {
                out.writeFieldBegin(ThriftType.STRING, (short) 3);
                out.writeString(value.label());
            }
            out.writeFieldStop();
        }

        @Override
        public Point read(ThriftReader in) {
            int x = 0;
            int y = 0;
            String label = null;
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                short id = in.readFieldId();
                if (id == 1 && type == ThriftType.I32) {
                    x = in.readI32();
                } else if (id == 2 && type == ThriftType.I32) {
                    y = in.readI32();
                } else if (id == 3 && type == ThriftType.STRING) {
                    label = in.readString();
                } else {
                    in.skip(type);
                }
            }
            return new Point(x, y, label);
        }
    };

    record Shape(List<Point> points, Map<String, List<Integer>> tags) {
    }

    /** {@code struct Shape {1: list<Point> points, 2: map<string, list<i32>> tags}}. */
    static final ThriftCodec<Shape> SHAPE = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, Shape value) {
            out.writeFieldBegin(ThriftType.LIST, (short) 1);
            out.writeListBegin(ThriftType.STRUCT, value.points().size());
            for (Point p : value.points()) {
                out.writeStruct(POINT, p);
            }
            out.writeFieldBegin(ThriftType.MAP, (short) 2);
            out.writeMapBegin(ThriftType.STRING, ThriftType.LIST, value.tags().size());
            for (Map.Entry<String, List<Integer>> e : value.tags().entrySet()) {
                out.writeString(e.getKey());
                out.writeListBegin(ThriftType.I32, e.getValue().size());
                for (int i : e.getValue()) {
                    out.writeI32(i);
                }
            }
            out.writeFieldStop();
        }

        @Override
        public Shape read(ThriftReader in) {
            List<Point> points = new ArrayList<>();
            Map<String, List<Integer>> tags = new LinkedHashMap<>();
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                short id = in.readFieldId();
                if (id == 1 && type == ThriftType.LIST) {
                    for (int n = in.readListBegin(ThriftType.STRUCT); n > 0; n--) {
                        points.add(in.readStruct(POINT));
                    }
                } else if (id == 2 && type == ThriftType.MAP) {
                    for (int n = in.readMapBegin(ThriftType.STRING, ThriftType.LIST); n > 0; n--) {
                        String key = in.readString();
                        List<Integer> values = new ArrayList<>();
                        for (int m = in.readListBegin(ThriftType.I32); m > 0; m--) {
                            values.add(in.readI32());
                        }
                        tags.put(key, values);
                    }
                } else {
                    in.skip(type);
                }
            }
            return new Shape(points, tags);
        }
    };

    @Test
    void struct() {
        String hex = write(w -> w.writeStruct(POINT, new Point(1, -1, "p")));

        assertThat(hex).isEqualTo(normalize("08 0001 00000001 | 08 0002 ffffffff | 0b 0003 00000001 70 | 00"));
        Point point = read(hex, r -> r.readStruct(POINT));
        Point empty = read("00", r -> r.readStruct(POINT));
        assertThat(point).isEqualTo(new Point(1, -1, "p"));
        assertThat(empty).isEqualTo(new Point(0, 0, null));
    }

    @Test
    void structReaderSkipsUnknownFields() {
        // Point with an extra field 9 (list<string>) and 10 (a nested struct) before y.
        String hex = "08 0001 00000007 | 0f 0009 0b 00000002 00000001 61 00000000 | 0c 000a 08 0001 00000001 00 "
            + "| 08 0002 00000008 | 00";
        Point point = read(hex, r -> r.readStruct(POINT));
        assertThat(point).isEqualTo(new Point(7, 8, null));
    }

    @Test
    void nestedStructsListsAndMaps() {
        Map<String, List<Integer>> tags = new LinkedHashMap<>();
        tags.put("a", List.of(1, 2, 3));
        tags.put("empty", List.of());
        tags.put("中", List.of(Integer.MIN_VALUE));
        Shape shape = new Shape(List.of(new Point(1, 2, null), new Point(3, 4, "three")), tags);

        String hex = write(w -> w.writeStruct(SHAPE, shape));

        assertThat(hex).startsWith(normalize("0f 0001 0c 00000002 | 08 0001 00000001 08 0002 00000002 00"));
        Shape back = read(hex, r -> r.readStruct(SHAPE));
        assertThat(back).isEqualTo(shape);
    }

    @Test
    void emptyContainers() {
        Shape empty = new Shape(List.of(), Map.of());

        String hex = write(w -> w.writeStruct(SHAPE, empty));

        assertThat(hex).isEqualTo(normalize("0f 0001 0c 00000000 | 0d 0002 0b 0f 00000000 | 00"));
        Shape back = read(hex, r -> r.readStruct(SHAPE));
        assertThat(back).isEqualTo(empty);
    }

    @Test
    void listSetAndMapHeaders() {
        assertThat(write(w -> w.writeListBegin(ThriftType.I64, 3))).isEqualTo("0a00000003");
        assertThat(write(w -> w.writeSetBegin(ThriftType.STRING, 2))).isEqualTo("0b00000002");
        assertThat(write(w -> w.writeMapBegin(ThriftType.I16, ThriftType.BOOL, 1))).isEqualTo("060200000001");
        assertThat(write(w -> w.writeFieldBegin(ThriftType.DOUBLE, (short) -1))).isEqualTo("04ffff");
        assertThat(write(ThriftWriter::writeFieldStop)).isEqualTo("00");
    }

    @Test
    void setOfStrings() {
        Set<String> values = new LinkedHashSet<>(List.of("x", "", "😀"));
        String hex = write(w -> {
            w.writeSetBegin(ThriftType.STRING, values.size());
            values.forEach(w::writeString);
        });

        Set<String> back = read(hex, r -> {
            Set<String> out = new LinkedHashSet<>();
            for (int n = r.readSetBegin(ThriftType.STRING); n > 0; n--) {
                out.add(r.readString());
            }
            return out;
        });

        assertThat(back).containsExactlyElementsOf(values);
    }

    @Test
    void mapOfEveryScalarValueType() {
        String hex = write(w -> {
            w.writeMapBegin(ThriftType.I64, ThriftType.DOUBLE, 2);
            w.writeI64(1);
            w.writeDouble(0.5);
            w.writeI64(-1);
            w.writeDouble(-2);
        });

        Map<Long, Double> back = read(hex, r -> {
            Map<Long, Double> out = new LinkedHashMap<>();
            for (int n = r.readMapBegin(ThriftType.I64, ThriftType.DOUBLE); n > 0; n--) {
                out.put(r.readI64(), r.readDouble());
            }
            return out;
        });

        assertThat(back).containsExactly(Map.entry(1L, 0.5), Map.entry(-1L, -2.0));
    }

    @Test
    void anEmptyContainerMayNameOtherElementTypes() {
        // Some writers put placeholder types on empty containers; only non-empty ones are checked.
        int list = read("0b 00000000", r -> r.readListBegin(ThriftType.I32));
        int set = read("08 00000000", r -> r.readSetBegin(ThriftType.STRING));
        int map = read("0b 0b 00000000", r -> r.readMapBegin(ThriftType.I32, ThriftType.I64));
        assertThat(list).isZero();
        assertThat(set).isZero();
        assertThat(map).isZero();
    }

    // ---------------------------------------------------------------- skip

    /** One value of each type, each followed by nothing: {type, hex}. */
    private static final Object[][] ONE_OF_EACH = {
        {ThriftType.BOOL, "01"},
        {ThriftType.BYTE, "7f"},
        {ThriftType.DOUBLE, "3ff8000000000000"},
        {ThriftType.I16, "1234"},
        {ThriftType.I32, "12345678"},
        {ThriftType.I64, "0102030405060708"},
        {ThriftType.STRING, "00000003 616263"},
        {ThriftType.UUID, "00112233445566778899aabbccddeeff"},
        {ThriftType.STRUCT, "08 0001 00000001 | 0c 0002 0b 0001 00000000 00 | 00"},
        {ThriftType.MAP, "0b 0f 00000002 | 00000001 61 08 00000001 00000005 | 00000000 08 00000000"},
        {ThriftType.SET, "0a 00000002 0000000000000001 0000000000000002"},
        {ThriftType.LIST, "0c 00000002 00 | 02 0001 01 00"},
        {ThriftType.LIST, "0f 00000001 | 0d 00000001 | 0b 0b 00000001 00000000 00000000"},
        {ThriftType.MAP, "08 0c 00000000"},
        {ThriftType.LIST, "02 00000003 01 00 01"},
    };

    @Test
    void skipsOneValueOfEveryTypeAndNothingMore() {
        for (Object[] row : ONE_OF_EACH) {
            byte type = (Byte) row[0];
            String hex = (String) row[1];
            ByteBuf buf = WireBytes.buffer(hex + " ee");
            try {
                new ThriftReader(buf).skip(type);
                assertThat(buf.readableBytes()).as("type %d, %s", type, hex).isEqualTo(1);
                assertThat(buf.readByte()).isEqualTo((byte) 0xee);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void skipsAStructWithAFieldOfEveryType() {
        StringBuilder struct = new StringBuilder();
        short id = 1;
        for (Object[] row : ONE_OF_EACH) {
            struct.append(String.format("%02x%04x", (Byte) row[0], id++)).append(normalize((String) row[1]));
        }
        struct.append("00");
        ByteBuf buf = WireBytes.buffer(struct + "ee");
        try {
            new ThriftReader(buf).skip(ThriftType.STRUCT);
            assertThat(buf.readableBytes()).isEqualTo(1);
        } finally {
            buf.release();
        }
    }

    @Test
    void skipsWhatTheWriterWrote() {
        Map<String, List<Integer>> tags = new LinkedHashMap<>();
        tags.put("k", List.of(1, 2));
        String hex = write(w -> {
            w.writeStruct(SHAPE, new Shape(List.of(new Point(1, 2, "x")), tags));
            w.writeByte((byte) 0xee);
        });
        byte after = read(hex, r -> {
            r.skip(ThriftType.STRUCT);
            return r.readByte();
        });
        assertThat(after).isEqualTo((byte) 0xee);
    }

    // ---------------------------------------------------------------- protections: truncated

    @Test
    void everyFixedWidthReadNeedsAllItsBytes() {
        assertFails("", ThriftReader::readBool, "truncated");
        assertFails("", ThriftReader::readByte, "truncated");
        assertFails("00", ThriftReader::readI16, "truncated");
        assertFails("00 00 00", ThriftReader::readI32, "truncated");
        assertFails("00 00 00 00 00 00 00", ThriftReader::readI64, "truncated");
        assertFails("00 00 00 00 00 00 00", ThriftReader::readDouble, "truncated");
        assertFails("00".repeat(15), ThriftReader::readUuid, "truncated");
        assertFails("08", ThriftReader::readFieldId, "truncated");
    }

    @Test
    void truncatedValuesAreRejectedWhenSkipped() {
        for (Object[] row : ONE_OF_EACH) {
            byte type = (Byte) row[0];
            String hex = normalize((String) row[1]);
            for (int cut = 0; cut < hex.length(); cut += 2) {
                String prefix = hex.substring(0, cut);
                assertFails(prefix, r -> {
                    r.skip(type);
                    return null;
                }, "truncated");
            }
        }
    }

    @Test
    void truncatedMessageHeaders() {
        String header = normalize(write(w -> w.writeMessageBegin(new MessageHeader("echo", MessageType.CALL, 1))));
        for (int cut = 0; cut < header.length(); cut += 2) {
            assertFails(header.substring(0, cut), ThriftReader::readMessageBegin, "truncated");
        }
    }

    @Test
    void stringAndBinaryLengthsBeyondTheBytesLeft() {
        assertFails("00 00 00 03 61 62", ThriftReader::readString, "truncated");
        assertFails("00 00 00 03 61 62", ThriftReader::readBinary, "truncated");
        assertFails("00 00 00 03 61 62", r -> {
            r.skip(ThriftType.STRING);
            return null;
        }, "truncated");
    }

    @Test
    void containerSizesBeyondTheBytesLeft() {
        // 3 i32 need 12 bytes; 8 present.
        assertFails("08 00000003 00000001 00000002", r -> r.readListBegin(ThriftType.I32), "truncated");
        assertFails("08 00000003 00000001 00000002", r -> r.readSetBegin(ThriftType.I32), "truncated");
        // 2 (i64, string) entries need at least 24 bytes; 23 present.
        assertFails("0a 0b 00000002 " + "00".repeat(23), r -> r.readMapBegin(ThriftType.I64, ThriftType.STRING),
            "truncated");
        // 2 structs need at least 2 bytes (two STOPs); 1 present.
        assertFails("0c 00000002 00", r -> r.readListBegin(ThriftType.STRUCT), "truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"string", "binary", "list", "set", "map", "skip-string", "skip-list", "skip-set",
        "skip-map", "skip-list-of-structs"})
    void aClaimOf2GiBFailsWithoutAllocatingIt(String what) {
        String max = "7fffffff";
        String hex;
        Function<ThriftReader, Object> read;
        switch (what) {
            case "string" -> { hex = max + "616263"; read = ThriftReader::readString; }
            case "binary" -> { hex = max + "616263"; read = ThriftReader::readBinary; }
            case "list" -> { hex = "03" + max + "01"; read = r -> r.readListBegin(ThriftType.BYTE); }
            case "set" -> { hex = "0b" + max + "00000000"; read = r -> r.readSetBegin(ThriftType.STRING); }
            case "map" -> { hex = "02 02" + max + "0101"; read = r -> r.readMapBegin(ThriftType.BOOL, ThriftType.BOOL); }
            case "skip-string" -> { hex = max + "616263"; read = skipping(ThriftType.STRING); }
            case "skip-list", "skip-set" -> { hex = "02" + max + "01"; read = skipping(ThriftType.LIST); }
            case "skip-map" -> { hex = "03 03" + max + "0101"; read = skipping(ThriftType.MAP); }
            case "skip-list-of-structs" -> { hex = "0c" + max + "00"; read = skipping(ThriftType.LIST); }
            default -> throw new AssertionError(what);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuf buf = WireBytes.buffer(hex);
        try {
            long before = threads.getCurrentThreadAllocatedBytes();
            ProtocolException e = catchProtocolException(() -> read.apply(new ThriftReader(buf)));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(e.reason()).isEqualTo("truncated");
            assertThat(e.getMessage()).contains(what.contains("string") || what.contains("binary")
                ? "needs 2147483647 more bytes" : "2147483647 elements");
            // Had the reader allocated the claim it would have thrown OutOfMemoryError; it allocates only
            // the exception (when allocation accounting is on; -1 means it is not).
            if (before >= 0) {
                assertThat(allocated).isLessThan(1 << 20);
            }
        } finally {
            buf.release();
        }
    }

    // ---------------------------------------------------------------- protections: negative lengths

    @Test
    void negativeLengthsAndSizes() {
        assertFails("ffffffff", ThriftReader::readString, "negative-length");
        assertFails("80000000", ThriftReader::readBinary, "negative-length");
        assertFails("08 ffffffff", r -> r.readListBegin(ThriftType.I32), "negative-length");
        assertFails("08 ffffffff", r -> r.readSetBegin(ThriftType.I32), "negative-length");
        assertFails("08 08 80000000", r -> r.readMapBegin(ThriftType.I32, ThriftType.I32), "negative-length");
        assertFails("ffffffff", skipping(ThriftType.STRING), "negative-length");
        assertFails("08 ffffffff", skipping(ThriftType.LIST), "negative-length");
        assertFails("08 ffffffff", skipping(ThriftType.SET), "negative-length");
        assertFails("08 08 ffffffff", skipping(ThriftType.MAP), "negative-length");
    }

    // ---------------------------------------------------------------- protections: nesting

    @Test
    void nestingUpToTheLimitIsFineOneMoreIsTooDeep() {
        int limit = ThriftReader.DEFAULT_MAX_DEPTH;
        assertThat(read(nestedLists(limit), skipping(ThriftType.LIST))).isNull();
        assertFails(nestedLists(limit + 1), skipping(ThriftType.LIST), "too-deep");
        assertThat(read(nestedStructs(limit), skipping(ThriftType.STRUCT))).isNull();
        assertFails(nestedStructs(limit + 1), skipping(ThriftType.STRUCT), "too-deep");
    }

    @Test
    void aDeepNestingBombFailsWithTooDeepNotAStackOverflow() {
        // 100 000 nested list<list<...>> headers, each claiming one element.
        assertFails("0f00000001".repeat(100_000) + "0800000000", skipping(ThriftType.LIST), "too-deep");
        assertFails("0c0001".repeat(100_000) + "00".repeat(100_000), skipping(ThriftType.STRUCT), "too-deep");
        assertFails("0d0d00000001 0d0d00000001".repeat(50_000) + "08080000000000", skipping(ThriftType.MAP), "too-deep");
    }

    @Test
    void readStructCountsTowardsTheDepthLimitAndItIsConfigurable() {
        ThriftCodec<Integer> nested = new ThriftCodec<>() {
            @Override
            public void write(ThriftWriter out, Integer value) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Integer read(ThriftReader in) {
                int depth = 1;
                for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                    in.readFieldId();
                    depth = Math.max(depth, 1 + in.readStruct(this));
                }
                return depth;
            }
        };
        String three = nestedStructs(3);
        ByteBuf buf = WireBytes.buffer(three);
        try {
            assertThat(new ThriftReader(buf, 3).readStruct(nested)).isEqualTo(3);
        } finally {
            buf.release();
        }
        ByteBuf again = WireBytes.buffer(three);
        try {
            assertThatThrownBy(() -> new ThriftReader(again, 2).readStruct(nested))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("deeper than 2")
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo("too-deep"));
        } finally {
            again.release();
        }
        // The depth is given back after each struct: many siblings at depth 2 are fine.
        String siblings = "0c0001 00".repeat(1000) + "00";
        int depth = read(siblings, r -> new ThriftReader(r.buffer(), 2).readStruct(nested));
        assertThat(depth).isEqualTo(2);
    }

    // ---------------------------------------------------------------- protections: types

    @ParameterizedTest
    @ValueSource(bytes = {0, 1, 5, 7, 9, 17, 18, 0x7f, -1})
    void skippingAnUnknownTypeIsBadFieldType(byte type) {
        assertFails("00".repeat(32), skipping(type), "bad-field-type");
    }

    @Test
    void unknownTypesInsideStructsAndContainers() {
        assertFails("08 0001 00000001 | 07 0002 00", skipping(ThriftType.STRUCT), "bad-field-type");
        assertFails("07 00000001 00", skipping(ThriftType.LIST), "bad-field-type");
        assertFails("0b 01 00000001 00", skipping(ThriftType.MAP), "bad-field-type");
        assertFails("07 00000001 00", r -> r.readListBegin((byte) 7), "bad-field-type");
        assertFails("08 00 00000001 00", r -> r.readMapBegin(ThriftType.I32, (byte) 0), "bad-field-type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"80020001", "00000004", "90010001", "ff010001", "00010001", "7fff0001"})
    void messagesThatAreNotStrictThriftBinaryAreBadVersion(String firstWord) {
        // A non-strict message starts with the name length; KitexPB with 0x9001.
        ProtocolException e = catchProtocolException(
            () -> read(firstWord + "000000046563686f00000001", ThriftReader::readMessageBegin));
        assertThat(e.reason()).isEqualTo("bad-version");
        assertThat(e.getMessage()).contains("0x" + firstWord);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 6, 7, 0xff})
    void unknownMessageTypesAreBadMessageType(int type) {
        String hex = String.format("800100%02x", type) + "000000046563686f00000001";
        ProtocolException e = catchProtocolException(() -> read(hex, ThriftReader::readMessageBegin));
        assertThat(e.reason()).isEqualTo("bad-message-type");
        assertThat(e.getMessage()).contains("unknown message type " + type);
    }

    @Test
    void elementTypesOtherThanExpectedAreBadContainerType() {
        assertFails("0b 00000001 00000000", r -> r.readListBegin(ThriftType.I32), "bad-container-type");
        assertFails("0b 00000001 00000000", r -> r.readSetBegin(ThriftType.I64), "bad-container-type");
        assertFails("0b 08 00000001 00000000 00000000", r -> r.readMapBegin(ThriftType.STRING, ThriftType.STRING),
            "bad-container-type");
        assertFails("08 0b 00000001 00000000 00000000", r -> r.readMapBegin(ThriftType.STRING, ThriftType.STRING),
            "bad-container-type");
    }

    // ---------------------------------------------------------------- helpers

    /** list nested {@code depth} deep: depth-1 list-of-list headers of one element, then an empty list<i32>. */
    private static String nestedLists(int depth) {
        return "0f00000001".repeat(depth - 1) + "0800000000";
    }

    /** A struct nested {@code depth} deep through field 1. */
    private static String nestedStructs(int depth) {
        return "0c0001".repeat(depth - 1) + "00".repeat(depth);
    }

    private static Function<ThriftReader, Object> skipping(byte type) {
        return r -> {
            r.skip(type);
            return null;
        };
    }

    private static String write(Consumer<ThriftWriter> body) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            body.accept(new ThriftWriter(out));
            return hex(out);
        } finally {
            out.release();
        }
    }

    /** Reads {@code hex} with {@code read}, which must consume all of it. */
    private static <T> T read(String hex, Function<ThriftReader, T> read) {
        ByteBuf in = WireBytes.buffer(hex);
        try {
            T value = read.apply(new ThriftReader(in));
            assertThat(in.readableBytes()).as("bytes left unread").isZero();
            return value;
        } finally {
            in.release();
        }
    }

    private static void assertFails(String hex, Function<ThriftReader, ?> read, String reason) {
        ByteBuf in = WireBytes.buffer(hex);
        try {
            ProtocolException e = catchProtocolException(() -> read.apply(new ThriftReader(in)));
            assertThat(e.reason()).as("reason for %s", hex.length() > 64 ? hex.substring(0, 64) + "…" : hex)
                .isEqualTo(reason);
        } finally {
            in.release();
        }
    }

    private static ProtocolException catchProtocolException(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ProtocolException.class);
        return (ProtocolException) thrown;
    }

    @Test
    void hashCapacityHoldsTheSizeWithoutGrowing() {
        for (int size = 0; size < 2_000; size++) {
            int capacity = ThriftReader.hashCapacity(size);
            int table = capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
            assertThat(table * 3 / 4).as("size %d", size).isGreaterThanOrEqualTo(size);
            assertThat(table / 2 * 3 / 4).as("size %d, a table half as big would do", size).isLessThan(Math.max(size, 1));
        }
        assertThat(ThriftReader.hashCapacity(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
