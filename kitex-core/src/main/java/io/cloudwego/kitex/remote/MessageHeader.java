package io.cloudwego.kitex.remote;

/**
 * The header of a Thrift (or Kitex Protobuf) message: method name, message type and sequence id.
 *
 * @param method the method name
 * @param type the message type
 * @param seqId the sequence id that matches a reply to its request
 */
public record MessageHeader(String method, MessageType type, int seqId) {
}
