package io.cloudwego.kitex.remote;

import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.netty.buffer.ByteBuf;

/**
 * One decoded request or reply as it came off a connection: how it was framed, its TTHeader (if
 * any), its message header, and the undecoded body. Whoever receives it owns {@link #body()} and
 * must {@link #release()} it.
 *
 * @param transport the framing the message arrived in
 * @param payloadCodec the message's format: Thrift, or Kitex Protobuf
 * @param header the TTHeader, or {@code null} for Framed and Buffered
 * @param message the message header (method, type, seq id)
 * @param body the bytes after the message header: the args, result or exception struct (Thrift), or
 *     the request, response or {@code ErrorProto} message (Kitex Protobuf)
 */
public record InboundMessage(Transport transport, PayloadCodec payloadCodec, TTHeader header, MessageHeader message,
                             ByteBuf body) {

    /** Releases the body. */
    public void release() {
        body.release();
    }
}
