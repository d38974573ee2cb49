package io.cloudwego.kitex.codegen.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.codegen.thrift.Annotations;
import io.cloudwego.kitex.codegen.thrift.FieldDef;
import io.cloudwego.kitex.codegen.thrift.Requiredness;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.ResolvedMethod;
import io.cloudwego.kitex.codegen.thrift.ResolvedService;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import io.cloudwego.kitex.codegen.thrift.Type;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.ResultCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated codecs against Apache libthrift's {@link TBinaryProtocol}: random values of every struct,
 * union, exception and method-args type of the test IDL are written by libthrift and read by the
 * generated codec, written back by it, and the bytes must be identical and read back by libthrift
 * to the same value. Method results are checked the same way, for success values and for each
 * declared exception.
 */
class LibthriftInteropTest {
    private static final int SAMPLES = 40;

    private final GeneratedCode code = GeneratedCode.all();
    private final DynamicThrift dynamic = new DynamicThrift(code.names);

    @TestFactory
    Stream<DynamicTest> everyStructUnionAndException() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SourceFile file : code.program.files()) {
            for (ResolvedStruct struct : file.structs()) {
                tests.add(DynamicTest.dynamicTest(file.relativePath() + " " + struct.name(), () -> structRoundTrips(struct)));
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private void structRoundTrips(ResolvedStruct struct) throws Exception {
        Class<?> type = code.load(code.names.className(struct));
        ThriftCodec<Object> codec = (ThriftCodec<Object>) type.getField("CODEC").get(null);
        Random random = new Random(struct.name().hashCode());
        for (int i = 0; i < SAMPLES; i++) {
            Map<Short, Object> tree = dynamic.random(struct, random, 0);
            byte[] fromLibthrift = libthriftWrite(p -> dynamic.writeStruct(p, struct.name(), struct.fields(), tree));
            Object object = ours(codec, fromLibthrift);
            assertThat(dynamic.toTree(struct, object)).as("%s read from libthrift bytes", struct.name()).isEqualTo(tree);
            byte[] fromUs = oursWrite(codec, object);
            assertThat(fromUs).as("%s written back", struct.name()).isEqualTo(fromLibthrift);
            Map<Short, Object> readBack = libthriftRead(fromUs, p -> dynamic.readStruct(p, struct.fields()));
            assertThat(readBack).isEqualTo(tree);
            assertThat(ours(codec, fromUs)).isEqualTo(object).hasSameHashCodeAs(object);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyMethodArgs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SourceFile file : code.program.files()) {
            for (ResolvedService service : file.services()) {
                for (ResolvedMethod method : service.methods()) {
                    tests.add(DynamicTest.dynamicTest(service.name() + "." + method.name() + "_args",
                        () -> argsRoundTrip(service, method)));
                }
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private void argsRoundTrip(ResolvedService service, ResolvedMethod method) throws Exception {
        Class<?> descriptor = code.load(code.names.descriptorClassName(service));
        ThriftCodec<Object> codec = (ThriftCodec<Object>) descriptor.getField(code.names.argsCodec(method)).get(null);
        List<ResolvedField> params = method.params();
        Random random = new Random(method.name().hashCode());
        for (int i = 0; i < SAMPLES; i++) {
            Map<Short, Object> tree = new java.util.LinkedHashMap<>();
            for (ResolvedField param : params) {
                tree.put((short) param.id(), dynamic.random(param.type(), random, 0));
            }
            byte[] fromLibthrift = libthriftWrite(p -> dynamic.writeStruct(p, method.name() + "_args", params, tree));
            Object args = ours(codec, fromLibthrift);
            Map<Short, Object> back = new java.util.LinkedHashMap<>();
            for (int k = 0; k < params.size(); k++) {
                Object value = params.size() == 1 ? args
                    : args.getClass().getMethod(code.names.params(method).get(k)).invoke(args);
                back.put((short) params.get(k).id(), dynamic.toTree(params.get(k).type(), value));
            }
            assertThat(back).isEqualTo(tree);
            assertThat(oursWrite(codec, args)).isEqualTo(fromLibthrift);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyMethodResult() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SourceFile file : code.program.files()) {
            for (ResolvedService service : file.services()) {
                for (ResolvedMethod method : service.methods()) {
                    if (!method.oneway()) {
                        tests.add(DynamicTest.dynamicTest(service.name() + "." + method.name() + "_result",
                            () -> resultRoundTrip(service, method)));
                    }
                }
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private void resultRoundTrip(ResolvedService service, ResolvedMethod method) throws Exception {
        Class<?> descriptor = code.load(code.names.descriptorClassName(service));
        ResultCodec<Object> codec = (ResultCodec<Object>) descriptor.getField(code.names.resultCodec(method)).get(null);
        List<ResolvedField> fields = new ArrayList<>();
        if (method.returnType() != null) {
            fields.add(new ResolvedField(new FieldDef(0, true, Requiredness.OPTIONAL, null, "success", null,
                Annotations.NONE, null, null), method.returnType(), null));
        }
        fields.addAll(method.exceptions());
        Random random = new Random(method.name().hashCode());
        for (int i = 0; i < SAMPLES; i++) {
            if (method.returnType() != null) {
                Map<Short, Object> tree = Map.of((short) 0, dynamic.random(method.returnType(), random, 0));
                byte[] fromLibthrift = libthriftWrite(p -> dynamic.writeStruct(p, "result", fields, tree));
                Object success = ours(codec::read, fromLibthrift);
                assertThat(dynamic.toTree(method.returnType(), success)).isEqualTo(tree.get((short) 0));
                assertThat(oursWrite((out, v) -> codec.writeSuccess(out, v), success)).isEqualTo(fromLibthrift);
            }
            for (ResolvedField exception : method.exceptions()) {
                ResolvedStruct struct = ((Type.StructRef) exception.type()).struct();
                Map<Short, Object> tree = Map.of((short) exception.id(), dynamic.random(struct, random, 0));
                byte[] fromLibthrift = libthriftWrite(p -> dynamic.writeStruct(p, "result", fields, tree));
                Throwable thrown = catchThrowable(() -> ours(codec::read, fromLibthrift));
                assertThat(thrown).isInstanceOf(IdlException.class);
                assertThat(codec.declares(thrown)).isTrue();
                assertThat(dynamic.toTree(struct, thrown)).isEqualTo(tree.get((short) exception.id()));
                assertThat(oursWrite((out, v) -> codec.writeException(out, v), (IdlException) thrown))
                    .isEqualTo(fromLibthrift);
            }
        }
    }

    interface ProtocolWriter {
        void write(TProtocol protocol) throws TException;
    }

    interface ProtocolReader<T> {
        T read(TProtocol protocol) throws TException;
    }

    static byte[] libthriftWrite(ProtocolWriter writer) throws TException {
        TMemoryBuffer buffer = new TMemoryBuffer(64);
        writer.write(new TBinaryProtocol(buffer));
        return java.util.Arrays.copyOf(buffer.getArray(), buffer.length());
    }

    static <T> T libthriftRead(byte[] bytes, ProtocolReader<T> reader) throws TException {
        TMemoryInputTransport transport = new TMemoryInputTransport(bytes);
        T value = reader.read(new TBinaryProtocol(transport));
        assertThat(transport.getBytesRemainingInBuffer()).isZero();
        return value;
    }

    static <T> T ours(ThriftCodec<T> codec, byte[] bytes) {
        return ours((Function<ThriftReader, T>) codec::read, bytes);
    }

    static <T> T ours(Function<ThriftReader, T> codec, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            T value = codec.apply(new ThriftReader(buf));
            assertThat(buf.readableBytes()).isZero();
            return value;
        } finally {
            buf.release();
        }
    }

    static <T> byte[] oursWrite(ThriftCodec<T> codec, T value) {
        return oursWrite((BiConsumer<ThriftWriter, T>) codec::write, value);
    }

    static <T> byte[] oursWrite(BiConsumer<ThriftWriter, T> codec, T value) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.accept(new ThriftWriter(buf), value);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
