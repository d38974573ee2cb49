package test.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import test.all.AllConstants;
import test.all.Choice;
import test.all.Clashes;
import test.all.Containers;
import test.all.Defaults;
import test.all.Keywords;
import test.all.Nested;
import test.all.NotFound;
import test.all.Primitives;
import test.all.Status;
import test.common.Color;
import test.common.CommonConstants;
import test.common.Point;

/** Uses the code generated from all.thrift as a person would; compiled with it, run by GeneratedApiTest. */
public final class ApiDriver implements Runnable {

    static <T> T roundTrip(ThriftCodec<T> codec, T value) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.write(new ThriftWriter(buf), value);
            T back = codec.read(new ThriftReader(buf));
            assertThat(buf.readableBytes()).isZero();
            return back;
        } finally {
            buf.release();
        }
    }

    static <T> T read(ThriftCodec<T> codec, ByteBuf bytes) {
        try {
            return codec.read(new ThriftReader(bytes));
        } finally {
            bytes.release();
        }
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void run() {
        defaults();
        requiredFields();
        primitivesAndBinary();
        containers();
        unions();
        enums();
        exceptions();
        constants();
        clashes();
    }

    void defaults() {
        Defaults d = Defaults.builder().small((short) 1).build();
        assertThat(d.count()).isEqualTo(7);
        assertThat(d.label()).isEqualTo("none");
        assertThat(d.ratio()).isEqualTo(0.5);
        assertThat(d.on()).isTrue();
        assertThat(d.color()).isEqualTo(Color.BLUE);
        assertThat(d.primes()).containsExactly(2, 3, 5);
        assertThat(d.table()).containsExactly(Map.entry("one", 1), Map.entry("two", 2));
        assertThat(d.big()).isEqualTo(Long.MAX_VALUE);
        assertThat(d.status()).isEqualTo(Status.ACTIVE);
        assertThat(d.raw()).isEqualTo(bytes("bytes"));
        assertThat(d.amount()).isEqualTo(100);
        assertThat(d.origin()).isEqualTo(Point.builder().x(0).y(1.5).build());
        assertThat(Defaults.builder().build().small()).isEqualTo((short) -3);
        assertThat(roundTrip(Defaults.CODEC, d)).isEqualTo(d);
        Defaults changed = d.toBuilder().count(8).label(null).build();
        assertThat(changed.count()).isEqualTo(8);
        assertThat(changed.hasLabel()).isFalse();
        assertThat(d.count()).isEqualTo(7);
        assertThat(changed).isNotEqualTo(d);
        assertThat(changed.toBuilder().count(7).label("none").build()).isEqualTo(d).hasSameHashCodeAs(d);
        // A field absent on the wire takes its default when read.
        ByteBuf onlySmall = Unpooled.buffer();
        new ThriftWriter(onlySmall).writeFieldBegin(ThriftType.I16, (short) 13);
        onlySmall.writeShort(4);
        onlySmall.writeByte(ThriftType.STOP);
        Defaults sparse = read(Defaults.CODEC, onlySmall);
        assertThat(sparse.count()).isEqualTo(7);
        assertThat(sparse.label()).isEqualTo("none");
        assertThat(sparse.small()).isEqualTo((short) 4);
    }

    void requiredFields() {
        assertThatThrownBy(() -> Primitives.builder().rb(true).ri(1).build())
            .isInstanceOf(IllegalStateException.class).hasMessage("Primitives.rs is required");
        assertThatThrownBy(() -> Point.builder().x(1).build()).hasMessage("Point.y is required");
        ByteBuf withUnknown = Unpooled.buffer();
        ThriftWriter out = new ThriftWriter(withUnknown);
        out.writeFieldBegin(ThriftType.DOUBLE, (short) 1);
        out.writeDouble(1);
        out.writeFieldBegin(ThriftType.STRING, (short) 99);
        out.writeString("unknown field");
        out.writeFieldBegin(ThriftType.STRING, (short) 2);
        out.writeString("wrong type for y");
        out.writeFieldBegin(ThriftType.DOUBLE, (short) 2);
        out.writeDouble(2);
        out.writeFieldStop();
        assertThat(read(Point.CODEC, withUnknown)).isEqualTo(Point.builder().x(1).y(2).build());
        ByteBuf empty = Unpooled.buffer().writeByte(ThriftType.STOP);
        assertThatThrownBy(() -> read(Point.CODEC, empty))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo("missing-required-field"))
            .hasMessage("Point.x is required");
    }

    void primitivesAndBinary() {
        byte[] raw = {1, 2, 3};
        Primitives p = Primitives.builder().b(true).i8v((byte) -1).i16v((short) 300).i32v(70000).i64v(1L << 40)
            .d(-0.25).s("héllo").bin(raw).id(new UUID(1, 2)).rb(false).ri(-9).rs("").ob(false).oi(5L)
            .os("x").obin(ByteBuffer.wrap(new byte[0])).build();
        raw[0] = 9;
        assertThat(p.bin()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(p.bin().isReadOnly()).isTrue();
        p.bin().get();
        assertThat(p.bin().remaining()).isEqualTo(3);
        assertThat(p.hasOb()).isTrue();
        assertThat(p.ob()).isFalse();
        Primitives back = roundTrip(Primitives.CODEC, p);
        assertThat(back).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(back.toString()).contains("s=héllo");
        Primitives sparse = Primitives.builder().rb(true).ri(0).rs("r").build();
        assertThat(sparse.hasOb()).isFalse();
        assertThat(sparse.oi()).isNull();
        assertThat(sparse.hasS()).isFalse();
        assertThat(roundTrip(Primitives.CODEC, sparse)).isEqualTo(sparse);
    }

    void containers() {
        List<Set<Integer>> lists = new ArrayList<>();
        lists.add(new LinkedHashSet<>(List.of(3, 1, 2)));
        Map<String, List<Set<Integer>>> deep = new LinkedHashMap<>();
        deep.put("z", lists);
        deep.put("a", List.of());
        Map<ByteBuffer, List<ByteBuffer>> blobMap = new LinkedHashMap<>();
        blobMap.put(bytes("k"), List.of(bytes("v1"), bytes("v2")));
        Containers c = Containers.builder()
            .ints(List.of(3, 2, 1))
            .names(new LinkedHashSet<>(List.of("b", "a")))
            .deep(deep)
            .cube(List.of(List.of(List.of("x"))))
            .points(Map.of(Color.RED, Point.builder().x(1).y(2).build()))
            .blobs(Set.of(bytes("blob")))
            .blobMap(blobMap)
            .colors(List.of(Color.BLACK, Color.RED))
            .statuses(Map.of(1, Set.of(Status.DISABLED)))
            .nested(Map.of("n", Nested.builder().name("n").child(Nested.builder().name("c").build()).build()))
            .ids(List.of(UUID.randomUUID()))
            .build();
        lists.get(0).add(99);
        deep.put("late", List.of());
        assertThat(c.deep().keySet()).containsExactly("z", "a");
        assertThat(c.deep().get("z").get(0)).containsExactly(3, 1, 2);
        assertThat(c.names()).containsExactly("b", "a");
        assertThatThrownBy(() -> c.ints().add(4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.deep().get("z").get(0).add(4)).isInstanceOf(UnsupportedOperationException.class);
        Containers back = roundTrip(Containers.CODEC, c);
        assertThat(back).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(back.blobMap().get(bytes("k"))).containsExactly(bytes("v1"), bytes("v2"));
        assertThat(back.deep().keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> back.cube().get(0).add(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Containers.builder().build()).isEqualTo(roundTrip(Containers.CODEC, Containers.builder().build()));
    }

    void unions() {
        Choice number = Choice.number(5);
        assertThat(number.kind()).isEqualTo(Choice.Kind.number);
        assertThat(number.hasNumber()).isTrue();
        assertThat(number.number()).isEqualTo(5);
        assertThat(number.text()).isNull();
        assertThat(roundTrip(Choice.CODEC, number)).isEqualTo(number);
        Choice words = Choice.words(List.of("a", "b"));
        assertThat(roundTrip(Choice.CODEC, words)).isEqualTo(words).isNotEqualTo(number);
        Choice data = Choice.data(bytes("xyz"));
        assertThat(roundTrip(Choice.CODEC, data)).isEqualTo(Choice.data(bytes("xyz")));
        Choice color = Choice.color(Color.GREEN);
        assertThat(roundTrip(Choice.CODEC, color).color()).isEqualTo(Color.GREEN);
        assertThat(Choice.colorValue(77).color()).isNull();
        assertThat(roundTrip(Choice.CODEC, Choice.colorValue(77)).colorValue()).isEqualTo(77);
        ByteBuf none = Unpooled.buffer().writeByte(ThriftType.STOP);
        assertThatThrownBy(() -> read(Choice.CODEC, none)).isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo("bad-union")).hasMessage("Choice has no field set");
        ByteBuf two = Unpooled.buffer();
        ThriftWriter out = new ThriftWriter(two);
        out.writeFieldBegin(ThriftType.I32, (short) 1);
        out.writeI32(1);
        out.writeFieldBegin(ThriftType.STRING, (short) 2);
        out.writeString("t");
        out.writeFieldStop();
        assertThatThrownBy(() -> read(Choice.CODEC, two)).hasMessage("Choice has more than one field set");
    }

    void enums() {
        assertThat(Color.forValue(16)).isEqualTo(Color.BLACK);
        assertThat(Color.BLUE.value()).isEqualTo(3);
        assertThat(Color.forValue(4)).isNull();
        assertThat(Status.DISABLED.value()).isEqualTo(-5);
        assertThat(Keywords.class_.value()).isEqualTo(1);
        assertThat(Keywords.default_.value()).isEqualTo(3);
        Defaults unknown = Defaults.builder().statusValue(42).build();
        assertThat(unknown.status()).isNull();
        assertThat(unknown.statusValue()).isEqualTo(42);
        assertThat(roundTrip(Defaults.CODEC, unknown).statusValue()).isEqualTo(42);
        assertThatThrownBy(() -> Color.fromWire(4)).isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo("unknown-enum-value"));
    }

    void exceptions() {
        NotFound notFound = NotFound.builder().message("no item 7").id(7).build();
        assertThat(notFound).isInstanceOf(IdlException.class);
        assertThat(notFound.getMessage()).isEqualTo("no item 7");
        assertThat(notFound.message()).isEqualTo("no item 7");
        assertThat(roundTrip(NotFound.CODEC, notFound)).isEqualTo(notFound);
    }

    void constants() {
        assertThat(AllConstants.MIN_I8).isEqualTo((byte) -128);
        assertThat(AllConstants.HEX).isEqualTo(0xCAFE);
        assertThat(AllConstants.BIG).isEqualTo(Long.MIN_VALUE);
        assertThat(AllConstants.AVOGADRO).isEqualTo(6.022e23);
        assertThat(AllConstants.GREETING).isEqualTo("hello \"world\"\n\ttab\\ \u00e9");
        assertThat(AllConstants.SINGLE).isEqualTo("single \"quoted\"");
        assertThat(AllConstants.NO).isFalse();
        assertThat(AllConstants.MAGIC).isEqualTo(bytes("KITEX"));
        assertThat(AllConstants.SOME_ID).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(AllConstants.FAVORITE).isEqualTo(Color.BLUE);
        assertThat(AllConstants.ACTIVE_STATUS).isEqualTo(Status.ACTIVE);
        assertThat(AllConstants.ENUM_AS_INT).isEqualTo(-5);
        assertThat(AllConstants.WORDS).containsExactly("a", "b", "c");
        assertThat(AllConstants.PRIMES).containsExactly(2, 3, 5, 7);
        assertThat(AllConstants.GROUPS.keySet()).containsExactly("odd", "even", "none");
        assertThat(AllConstants.COLOR_NAMES).containsEntry(Color.GREEN, "green");
        assertThat(AllConstants.DEEP.get("x").get(0)).containsExactly(1, 2);
        assertThat(AllConstants.TREE.children().get(0).name()).isEqualTo("leaf");
        assertThat(AllConstants.PATH.get(1).y()).isEqualTo(1.0);
        assertThat(AllConstants.class_).isEqualTo(5);
        assertThat(CommonConstants.LIMIT).isEqualTo(100);
        assertThatThrownBy(() -> AllConstants.GROUPS.put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    void clashes() {
        Clashes c = Clashes.builder().class_(1).builder_("b").public_(true).hashCode_(4).toString_("s").class__(6)
            .hasBuilder("h").java_(8).CODEC_("c").value(10).String_("S").int_(12).build();
        assertThat(c.class_()).isEqualTo(1);
        assertThat(c.class__()).isEqualTo(6);
        assertThat(c.hasBuilder_()).isTrue();
        assertThat(c.hasBuilder()).isEqualTo("h");
        assertThat(roundTrip(Clashes.CODEC, c)).isEqualTo(c);
        test.all.String s = test.all.String.builder().value("v").build();
        test.all.List list = test.all.List.builder().items(List.of(s)).build();
        assertThat(roundTrip(test.all.List.CODEC, list).items()).containsExactly(s);
        test.all.Object o = test.all.Object.builder().inner(test.all.Object_.builder().x(1).build()).build();
        assertThat(roundTrip(test.all.Object.CODEC, o)).isEqualTo(o);
        test.all.Kind kind = test.all.Kind.builder_(test.all.Builder.builder().n(3).build());
        assertThat(kind.kind()).isEqualTo(test.all.Kind.Kind_.builder_);
        assertThat(roundTrip(test.all.Kind.CODEC, kind)).isEqualTo(kind);
    }
}
