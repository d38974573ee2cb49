package io.cloudwego.kitex.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class EncodedSizeTest {

    @Test
    void followsALargerMessageAtOnceAndASmallerOneHalfway() {
        EncodedSize size = new EncodedSize();
        assertThat(size.expected()).isEqualTo(EncodedSize.MIN_CAPACITY);

        size.record(10_000);
        assertThat(size.expected()).isEqualTo(10_000);
        size.record(2_000);
        assertThat(size.expected()).isEqualTo(6_000);
        size.record(2_000);
        assertThat(size.expected()).isEqualTo(4_000);
        size.record(20);
        assertThat(size.expected()).isEqualTo(2_010);
        for (int i = 0; i < 20; i++) {
            size.record(20);
        }
        assertThat(size.expected()).isEqualTo(EncodedSize.MIN_CAPACITY);
    }

    @Test
    void theEncoderSizesTheBufferByTheLastMessageAndRecordsEachOne() {
        EncodedSize size = new EncodedSize();
        byte[] body = new byte[5_000];
        ByteBuf first = FrameEncoder.encode(UnpooledByteBufAllocator.DEFAULT, Transport.FRAMED, null, PayloadCodec.THRIFT,
            new MessageHeader("echo", MessageType.CALL, 1), out -> out.writeBytes(body), size);
        int frame = first.readableBytes();
        assertThat(first.capacity()).as("grown from the first guess").isGreaterThan(EncodedSize.MIN_CAPACITY);
        first.release();
        assertThat(size.expected()).isEqualTo(frame);

        ByteBuf second = FrameEncoder.encode(UnpooledByteBufAllocator.DEFAULT, Transport.FRAMED, null, PayloadCodec.THRIFT,
            new MessageHeader("echo", MessageType.CALL, 2), out -> out.writeBytes(body), size);
        assertThat(second.capacity()).as("allocated at the size of the last one, never grown").isEqualTo(frame);
        second.release();
    }
}
