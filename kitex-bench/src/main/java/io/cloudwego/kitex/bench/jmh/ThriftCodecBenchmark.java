package io.cloudwego.kitex.bench.jmh;

import io.cloudwego.kitex.bench.thrift.Order;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.TByteArrayOutputStream;
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
 * Encode and decode of the realistic {@link Order} (binary protocol): kitex-java's generated codec
 * over {@link ThriftWriter}/{@link ThriftReader} on a pooled Netty buffer, against libthrift's
 * {@link TBinaryProtocol} over reused transports, the way {@code TSerializer}/{@code TDeserializer}
 * use them. Both sides produce the same bytes and the same immutable values; run with
 * {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThriftCodecBenchmark {
    private Order order;
    private ByteBuf kitexOut;
    private ByteBuf kitexEncoded;
    private TByteArrayOutputStream libthriftBytes;
    private TBinaryProtocol libthriftOut;
    private byte[] libthriftEncoded;
    private TMemoryInputTransport libthriftInput;
    private TBinaryProtocol libthriftIn;

    @Setup
    public void setUp() throws TException {
        order = Orders.sample();
        kitexOut = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
        kitexEncoded = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
        Order.CODEC.write(new ThriftWriter(kitexEncoded), order);
        libthriftBytes = new TByteArrayOutputStream(4096);
        libthriftOut = new TBinaryProtocol(new TIOStreamTransport(new TConfiguration(), libthriftBytes));
        LibthriftOrderCodec.write(libthriftOut, order);
        libthriftEncoded = libthriftBytes.toByteArray();
        libthriftInput = new TMemoryInputTransport(new TConfiguration(), libthriftEncoded);
        libthriftIn = new TBinaryProtocol(libthriftInput);
    }

    @TearDown
    public void tearDown() {
        kitexOut.release();
        kitexEncoded.release();
    }

    @Benchmark
    public int kitexEncode() {
        kitexOut.clear();
        Order.CODEC.write(new ThriftWriter(kitexOut), order);
        return kitexOut.writerIndex();
    }

    @Benchmark
    public Order kitexDecode() {
        kitexEncoded.readerIndex(0);
        return Order.CODEC.read(new ThriftReader(kitexEncoded));
    }

    @Benchmark
    public int libthriftEncode() throws TException {
        libthriftBytes.reset();
        LibthriftOrderCodec.write(libthriftOut, order);
        return libthriftBytes.len();
    }

    @Benchmark
    public Order libthriftDecode() throws TException {
        libthriftInput.reset(libthriftEncoded);
        return LibthriftOrderCodec.read(libthriftIn);
    }

    /** The bytes libthrift writes for the sample order (the tests compare them with ours). */
    static byte[] libthriftBytes(Order order) throws TTransportException, TException {
        TByteArrayOutputStream bytes = new TByteArrayOutputStream(4096);
        LibthriftOrderCodec.write(new TBinaryProtocol(new TIOStreamTransport(new TConfiguration(), bytes)), order);
        return bytes.toByteArray();
    }
}
