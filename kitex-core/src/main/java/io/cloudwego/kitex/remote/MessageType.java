package io.cloudwego.kitex.remote;

/** The type of an RPC message, with the numeric id written on the wire by Thrift and Kitex Protobuf. */
public enum MessageType {
    /** A request that expects a reply. */
    CALL(1),
    /** A successful reply, or a reply carrying an IDL-declared exception or a biz status. */
    REPLY(2),
    /** A reply carrying an application exception instead of a result. */
    EXCEPTION(3),
    /** A request to which the server writes nothing back. */
    ONEWAY(4);

    private final int id;
    private final String idText;

    MessageType(int id) {
        this.id = id;
        this.idText = Integer.toString(id);
    }

    /** The id written on the wire. */
    public int id() {
        return id;
    }

    /** The id in decimal, as TTHeader's message-type info carries it. */
    public String idText() {
        return idText;
    }

    /** The message type with the given wire id, or {@code null} when the id is not one of the four. */
    public static MessageType fromId(int id) {
        switch (id) {
            case 1: return CALL;
            case 2: return REPLY;
            case 3: return EXCEPTION;
            case 4: return ONEWAY;
            default: return null;
        }
    }
}
