package io.cloudwego.kitex.remote;

/**
 * How a Thrift message is framed on a connection. The server detects the transport of every request
 * and replies in the same one; a client chooses one per service.
 */
public enum Transport {
    /** TTHeader around the bare message: carries seq id, timeouts, metainfo and biz status. */
    TTHEADER(true, false),
    /** TTHeader around a Framed message; kitex-java's client default. */
    TTHEADER_FRAMED(true, true),
    /** A 4-byte length, then the message (Apache Thrift's TFramedTransport). */
    FRAMED(false, true),
    /** The bare message (Apache Thrift's buffered transport, Kitex's PurePayload). */
    BUFFERED(false, false);

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

    /** Whether the message itself is preceded by its 4-byte length. */
    public boolean isFramed() {
        return framed;
    }
}
