package io.cloudwego.kitex.remote.codec.protobuf;

import io.cloudwego.kitex.remote.codec.MessageCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cloudwego.kitex.errors.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufMessageCodecTest {
    private static final MessageCodec<Struct> STRUCT = MessageCodec.of(Struct.parser());
    private static final Struct MESSAGE = Struct.newBuilder()
        .putFields("text", Value.newBuilder().setStringValue("héllo").build())
        .putFields("number", Value.newBuilder().setNumberValue(42.5).build())
        .build();

    @Test
    void writesWhatProtobufJavaWritesAndReadsItBackInEveryKindOfBuffer() {
        byte[] expected = MESSAGE.toByteArray();
        for (ByteBufAllocator allocator : List.of(UnpooledByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT)) {
            for (ByteBuf buffer : List.of(allocator.heapBuffer(4), allocator.directBuffer(4),
                allocator.compositeBuffer())) {
                try {
                    buffer.writeByte(0x7f);
                    STRUCT.write(buffer, MESSAGE);
                    assertThat(buffer.readableBytes()).isEqualTo(1 + expected.length);
                    assertThat(buffer.readByte()).isEqualTo((byte) 0x7f);
                    byte[] written = new byte[expected.length];
                    buffer.getBytes(buffer.readerIndex(), written);
                    assertThat(written).isEqualTo(expected);
                    assertThat(STRUCT.read(buffer)).isEqualTo(MESSAGE);
                    assertThat(buffer.isReadable()).isFalse();
                } finally {
                    buffer.release();
                }
            }
        }
    }

    @Test
    void readsAMessageSpreadOverSeveralComponents() {
        byte[] bytes = MESSAGE.toByteArray();
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        try {
            composite.addComponents(true, Unpooled.copiedBuffer(bytes, 0, 3),
                Unpooled.directBuffer().writeBytes(bytes, 3, bytes.length - 3));
            assertThat(STRUCT.read(composite)).isEqualTo(MESSAGE);
        } finally {
            composite.release();
        }
    }

    @Test
    void anEmptyBodyIsTheDefaultMessage() {
        assertThat(STRUCT.read(Unpooled.EMPTY_BUFFER)).isEqualTo(Struct.getDefaultInstance());
    }

    @Test
    void aReadMessageDoesNotShareTheBuffer() {
        MessageCodec<BytesValue> codec = MessageCodec.of(BytesValue.parser());
        ByteBuf buffer = Unpooled.directBuffer();
        BytesValue read;
        try {
            codec.write(buffer, BytesValue.of(ByteString.copyFromUtf8("payload")));
            read = codec.read(buffer);
            buffer.setZero(0, buffer.capacity());
        } finally {
            buffer.release();
        }
        assertThat(read.getValue().toStringUtf8()).isEqualTo("payload");
    }

    @Test
    void malformedBytesAreAProtocolException() {
        ByteBuf buffer = Unpooled.wrappedBuffer(new byte[] {0x0a, 0x05, 'a'});
        assertThatThrownBy(() -> STRUCT.read(buffer)).isInstanceOf(ProtocolException.class)
            .hasMessageStartingWith("not a valid Protobuf message: ")
            .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo("bad-protobuf-message"));
    }
}
