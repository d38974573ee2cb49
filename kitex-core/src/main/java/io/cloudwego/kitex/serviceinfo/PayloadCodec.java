package io.cloudwego.kitex.serviceinfo;

/** The IDL, and so the encoding, of a service's messages: Kitex's {@code serviceinfo.PayloadCodec}. */
public enum PayloadCodec {
    /** Thrift structs, in the Thrift binary protocol. */
    THRIFT,
    /** Protobuf messages, raw (Kitex Protobuf) or length-prefixed (gRPC). */
    PROTOBUF
}
