package io.cloudwego.kitex.remote;

import java.util.List;

/**
 * How a message is carried on a connection. The server detects the transport of every request and
 * replies in the same one; a client chooses one per service.
 *
 * <p>The first four frame one Thrift or Kitex Protobuf message at a time ({@link #messageFramings()});
 * {@link #GRPC} carries calls and streams as HTTP/2 streams.
 */
public enum Transport {
    /** TTHeader around the bare message: carries seq id, timeouts, metainfo and biz status. */
    TTHEADER(true, false),
    /** TTHeader around a Framed message; kitex-java's client default. */
    TTHEADER_FRAMED(true, true),
    /** A 4-byte length, then the message (Apache Thrift's TFramedTransport). */
    FRAMED(false, true),
    /** The bare message (Apache Thrift's buffered transport, Kitex's PurePayload). */
    BUFFERED(false, false),
    /** gRPC over HTTP/2: every call is a stream of length-prefixed messages, with headers and trailers. */
    GRPC(false, false);

    private static final List<Transport> MESSAGE_FRAMINGS = List.of(TTHEADER, TTHEADER_FRAMED, FRAMED, BUFFERED);

    private final boolean ttheader;
    private final boolean framed;

    Transport(boolean ttheader, boolean framed) {
        this.ttheader = ttheader;
        this.framed = framed;
    }

    /** Whether the message is wrapped in a TTHeader (and so can carry header keys). */
    public boolean isTTHeader() {
        return ttheader;
    }

    /** The transports that frame one message at a time: all but {@link #GRPC}. */
    public static List<Transport> messageFramings() {
        return MESSAGE_FRAMINGS;
    }

    /** Whether calls go as HTTP/2 streams. */
    public boolean isGrpc() {
        return this == GRPC;
    }

    /** Whether the message itself is preceded by its 4-byte length. */
    public boolean isFramed() {
        return framed;
    }
}
