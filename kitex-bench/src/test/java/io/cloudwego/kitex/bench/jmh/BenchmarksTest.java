package io.cloudwego.kitex.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.cloudwego.kitex.bench.thrift.Order;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;

/** The JMH benchmarks compare like with like: each side's answer, run once, is the other's. */
class BenchmarksTest {

    @Test
    void ourCodecAndLibthriftWriteTheSameBytesOfTheOrderAndReadEachOther() throws Exception {
        Order order = Orders.sample();
        ByteBuf ours = Unpooled.buffer();
        try {
            Order.CODEC.write(new ThriftWriter(ours), order);
            byte[] libthrift = ThriftCodecBenchmark.libthriftBytes(order);
            assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(libthrift);
            assertThat(LibthriftOrderCodec.read(new TBinaryProtocol(new TMemoryInputTransport(new TConfiguration(), libthrift))))
                .isEqualTo(order);
            assertThat(libthrift.length).as("a realistic order is about 1 KiB").isBetween(700, 2000);
        } finally {
            ours.release();
        }
    }

    @Test
    void thriftCodecBenchmarkDecodesWhatItEncodes() throws Exception {
        ThriftCodecBenchmark benchmark = new ThriftCodecBenchmark();
        benchmark.setUp();
        try {
            assertThat(benchmark.kitexEncode()).isEqualTo(benchmark.libthriftEncode());
            assertThat(benchmark.kitexDecode()).isEqualTo(Orders.sample());
            assertThat(benchmark.libthriftDecode()).isEqualTo(Orders.sample());
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void protobufFramingBenchmarkFramesAlikeAndDecodesTheMessage() throws Exception {
        ProtobufFramingBenchmark benchmark = new ProtobufFramingBenchmark();
        benchmark.setUp();
        try {
            Struct message = ProtobufFramingBenchmark.sample();
            assertThat(benchmark.kitexEncode()).isEqualTo(benchmark.grpcJavaEncode()).isEqualTo(5 + message.getSerializedSize());
            assertThat(benchmark.kitexDecode()).isEqualTo(message);
            assertThat(benchmark.grpcJavaDecode()).isEqualTo(message);
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void echoRoundTripBenchmarkEchoesOverBothSystems() throws Exception {
        EchoRoundTripBenchmark benchmark = new EchoRoundTripBenchmark();
        EchoRoundTripBenchmark.Kitex kitex = new EchoRoundTripBenchmark.Kitex();
        kitex.setUp();
        try {
            assertThat(benchmark.kitexThrift(kitex).message()).hasSize(1024);
        } finally {
            kitex.tearDown();
        }
        EchoRoundTripBenchmark.GrpcJava grpc = new EchoRoundTripBenchmark.GrpcJava();
        grpc.setUp();
        try {
            assertThat(benchmark.grpcJava(grpc).getValue().size()).isEqualTo(1024);
        } finally {
            grpc.tearDown();
        }
    }
}
