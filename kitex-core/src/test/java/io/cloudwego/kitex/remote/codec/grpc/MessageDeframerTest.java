package io.cloudwego.kitex.remote.codec.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageDeframerTest {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    private ByteBuf bytes(String text) {
        return alloc.buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String take(ByteBuf message) {
        try {
            return message.toString(StandardCharsets.UTF_8);
        } finally {
            message.release();
        }
    }

    @Test
    void framesWithAFivebytePrefix() {
        ByteBuf framed = MessageFramer.frame(alloc, bytes("hi"), null);
        try {
            assertThat(ByteBufUtil.hexDump(framed)).isEqualTo("00000000026869");
        } finally {
            framed.release();
        }
    }

    @Test
    void encodesAMessageBehindItsPrefixAsFramingItsBytesWould() {
        MessageCodec<String> text = new MessageCodec<>() {
            @Override
            public void write(ByteBuf out, String message) {
                out.writeBytes(message.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String read(ByteBuf in) {
                return in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8).toString();
            }
        };
        String large = "x".repeat(10_000);
        for (String message : new String[] {"", "hi", large}) {
            for (Compressor compressor : new Compressor[] {null, Compressor.IDENTITY, Compressor.GZIP}) {
                ByteBuf encoded = MessageFramer.encode(alloc, text, message, compressor);
                try (MessageDeframer deframer = new MessageDeframer(alloc, 1 << 20, Compressor.GZIP)) {
                    if (compressor != Compressor.GZIP) {
                        ByteBuf framed = MessageFramer.frame(alloc, bytes(message), compressor);
                        try {
                            assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo(ByteBufUtil.hexDump(framed));
                        } finally {
                            framed.release();
                        }
                    }
                    deframer.add(encoded);
                    assertThat(take(deframer.next())).isEqualTo(message);
                    assertThat(deframer.lastMessageCompressed()).isEqualTo(compressor == Compressor.GZIP);
                }
            }
        }
    }

    @Test
    void largeMessagesAreFramedWithoutACopy() {
        ByteBuf body = alloc.buffer().writeZero(100_000);
        ByteBuf framed = MessageFramer.frame(alloc, body, Compressor.IDENTITY);
        try {
            assertThat(framed.readableBytes()).isEqualTo(100_005);
            assertThat(framed.getByte(0)).isEqualTo((byte) 0);
            assertThat(framed.getInt(1)).isEqualTo(100_000);
        } finally {
            framed.release();
        }
    }

    @Test
    void tellsWhetherTheMessageReturnedLastArrivedCompressed() {
        ByteBuf compressed = MessageFramer.frame(alloc, bytes("zipped"), Compressor.GZIP);
        ByteBuf plain = MessageFramer.frame(alloc, bytes("plain"), null);
        try (MessageDeframer deframer = new MessageDeframer(alloc, 1024, Compressor.GZIP)) {
            deframer.add(compressed);
            deframer.add(plain.readRetainedSlice(MessageFramer.HEADER_SIZE));
            assertThat(take(deframer.next())).isEqualTo("zipped");
            assertThat(deframer.lastMessageCompressed()).isTrue();
            assertThat(deframer.next()).as("only the next message's prefix has arrived").isNull();
            assertThat(deframer.lastMessageCompressed()).isTrue();
            deframer.add(plain);
            assertThat(take(deframer.next())).isEqualTo("plain");
            assertThat(deframer.lastMessageCompressed()).isFalse();
        }
    }

    @Test
    void readsMessagesSplitAtEveryByte() {
        ByteBuf wire = alloc.buffer();
        for (String text : new String[] {"first", "", "third message", "gz"}) {
            Compressor compressor = text.equals("gz") ? Compressor.GZIP : null;
            ByteBuf framed = MessageFramer.frame(alloc, bytes(text), compressor);
            wire.writeBytes(framed);
            framed.release();
        }
        try {
            for (int split = 0; split <= wire.readableBytes(); split++) {
                for (int chunk = 1; chunk <= 3; chunk++) {
                    List<String> got = new ArrayList<>();
                    try (MessageDeframer deframer = new MessageDeframer(alloc, 1024, Compressor.GZIP)) {
                        deframer.add(wire.retainedSlice(0, split));
                        drain(deframer, got);
                        for (int i = split; i < wire.readableBytes(); i += chunk) {
                            deframer.add(wire.retainedSlice(i, Math.min(chunk, wire.readableBytes() - i)));
                            drain(deframer, got);
                        }
                        assertThat(got).containsExactly("first", "", "third message", "gz");
                        assertThat(deframer.hasPartialMessage()).isFalse();
                        assertThat(deframer.takeConsumedBytes()).isEqualTo(wire.readableBytes());
                    }
                }
            }
        } finally {
            wire.release();
        }
    }

    private static void drain(MessageDeframer deframer, List<String> into) {
        for (ByteBuf message = deframer.next(); message != null; message = deframer.next()) {
            into.add(take(message));
        }
    }

    @Test
    void refusesAnOversizedMessageOnItsDeclaredLength() {
        try (MessageDeframer deframer = new MessageDeframer(alloc, 10, null)) {
            deframer.add(alloc.buffer().writeByte(0).writeInt(11).writeByte(1));
            assertThatThrownBy(deframer::next).isInstanceOfSatisfying(GrpcStatusException.class,
                e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED));
        }
    }

    @Test
    void acceptsAMessageOfExactlyTheMaximum() {
        try (MessageDeframer deframer = new MessageDeframer(alloc, 3, null)) {
            deframer.add(alloc.buffer().writeByte(0).writeInt(3).writeBytes(new byte[] {'a', 'b', 'c'}));
            assertThat(take(deframer.next())).isEqualTo("abc");
        }
    }

    @Test
    void refusesACompressedMessageWithoutAnEncoding() {
        try (MessageDeframer deframer = new MessageDeframer(alloc, 100, null)) {
            deframer.add(alloc.buffer().writeByte(1).writeInt(1).writeByte(0));
            assertThatThrownBy(deframer::next).isInstanceOfSatisfying(GrpcStatusException.class,
                e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.INTERNAL));
        }
    }

    @Test
    void refusesUnknownFlags() {
        try (MessageDeframer deframer = new MessageDeframer(alloc, 100, null)) {
            deframer.add(alloc.buffer().writeByte(2).writeInt(0));
            assertThatThrownBy(deframer::next).isInstanceOfSatisfying(GrpcStatusException.class,
                e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.INTERNAL));
        }
    }

    @Test
    void reportsATruncatedMessage() {
        try (MessageDeframer deframer = new MessageDeframer(alloc, 100, null)) {
            deframer.add(alloc.buffer().writeByte(0).writeInt(10).writeByte('x'));
            assertThat(deframer.next()).isNull();
            assertThat(deframer.hasPartialMessage()).isTrue();
            assertThat(deframer.bufferedBytes()).isEqualTo(1);
        }
    }

    @Test
    void closeReleasesBufferedBytesAndLaterData() {
        MessageDeframer deframer = new MessageDeframer(alloc, 100, null);
        ByteBuf partial = alloc.buffer().writeByte(0).writeInt(10).writeByte('x');
        deframer.add(partial);
        deframer.close();
        assertThat(partial.refCnt()).isZero();
        ByteBuf late = alloc.buffer().writeByte(1);
        deframer.add(late);
        assertThat(late.refCnt()).isZero();
        assertThat(deframer.next()).isNull();
    }
}
