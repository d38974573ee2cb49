package io.cloudwego.kitex.bench.jmh;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.protobuf.ProtoUtils;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Protobuf message framed as a gRPC message (a 5-byte prefix, then the encoding) into a pooled
 * Netty buffer, and read back: kitex-java's {@link MessageCodec} against grpc-java's
 * {@link ProtoUtils#marshaller} (its {@code InputStream}, drained into the buffer as grpc-java's
 * framer does, and parsed from a buffer's stream). The message is a {@link Struct} (nested structs,
 * lists, strings and numbers), so no protoc is needed. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProtobufFramingBenchmark {
    private static final int PREFIX_BYTES = 5;

    private final MessageCodec<Struct> kitexCodec = MessageCodec.of(Struct.parser());
    private final Marshaller<Struct> grpcMarshaller = ProtoUtils.marshaller(Struct.getDefaultInstance());
    private Struct message;
    private ByteBuf out;
    private ByteBuf framed;

    @Setup
    public void setUp() {
        message = sample();
        out = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
        framed = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
        framed.writeByte(0).writeInt(message.getSerializedSize());
        kitexCodec.write(framed, message);
    }

    @TearDown
    public void tearDown() {
        out.release();
        framed.release();
    }

    /** An order-like document: nested structs, a list of ten structs, strings and numbers (about 1 KiB). */
    static Struct sample() {
        ListValue.Builder items = ListValue.newBuilder();
        for (int i = 0; i < 10; i++) {
            items.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("sku", number(4_000_000_000L + i))
                .putFields("name", text("Item number " + i + ", a reasonably descriptive product name"))
                .putFields("quantity", number(1 + i % 3))
                .putFields("unitPrice", number(9.99 + i))));
        }
        return Struct.newBuilder()
            .putFields("id", number(123_456_789_012L))
            .putFields("customer", text("Ada Lovelace <ada@example.com>"))
            .putFields("shipTo", Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("street", text("12 Analytical Engine Lane"))
                .putFields("city", text("London"))
                .putFields("country", text("GB"))).build())
            .putFields("items", Value.newBuilder().setListValue(items).build())
            .putFields("paid", Value.newBuilder().setBoolValue(true).build())
            .build();
    }

    private static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    @Benchmark
    public int kitexEncode() {
        out.clear();
        out.writeByte(0).writeInt(message.getSerializedSize());
        kitexCodec.write(out, message);
        return out.writerIndex();
    }

    @Benchmark
    public int grpcJavaEncode() throws IOException {
        out.clear();
        try (InputStream stream = grpcMarshaller.stream(message)) {
            out.writeByte(0).writeInt(stream.available());
            ((io.grpc.Drainable) stream).drainTo(new ByteBufOutputStream(out));
        }
        return out.writerIndex();
    }

    @Benchmark
    public Struct kitexDecode() {
        framed.readerIndex(0);
        int length = framed.getInt(1);
        return kitexCodec.read(framed.slice(PREFIX_BYTES, length));
    }

    @Benchmark
    public Struct grpcJavaDecode() {
        framed.readerIndex(0);
        int length = framed.getInt(1);
        return grpcMarshaller.parse(new ByteBufInputStream(framed.slice(PREFIX_BYTES, length)));
    }
}
