package io.cloudwego.kitex.remote.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class WriteQueueTest {
    @Test
    void writesMessagesWithAndWithoutPromiseInOrderWithOneFlush() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WriteQueue queue = new WriteQueue(channel);
        ChannelPromise promise = channel.newPromise();
        queue.enqueue(Unpooled.wrappedBuffer(new byte[] {1}), null);
        queue.enqueue(Unpooled.wrappedBuffer(new byte[] {2}), promise);
        queue.enqueue(Unpooled.wrappedBuffer(new byte[] {3}), null);
        assertThat(channel.outboundMessages()).isEmpty();
        channel.runPendingTasks();
        for (int expected = 1; expected <= 3; expected++) {
            ByteBuf written = channel.readOutbound();
            assertThat(written.readByte()).isEqualTo((byte) expected);
            written.release();
        }
        assertThat(promise.isSuccess()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void aClosedChannelFailsThePromiseAndReleasesEveryMessage() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.close();
        WriteQueue queue = new WriteQueue(channel);
        ByteBuf plain = Unpooled.wrappedBuffer(new byte[] {1});
        ByteBuf promised = Unpooled.wrappedBuffer(new byte[] {2});
        ChannelPromise promise = channel.newPromise();
        queue.enqueue(plain, null);
        queue.enqueue(promised, promise);
        channel.runPendingTasks();
        assertThat(promise.isSuccess()).isFalse();
        assertThat(plain.refCnt()).isZero();
        assertThat(promised.refCnt()).isZero();
    }
}
