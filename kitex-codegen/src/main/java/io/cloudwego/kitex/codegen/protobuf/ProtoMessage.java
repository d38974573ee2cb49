package io.cloudwego.kitex.codegen.protobuf;

import java.util.List;

/**
 * A {@code message} and the types declared inside it.
 *
 * @param name the simple name
 * @param nested the messages declared inside it
 * @param enums the simple names of the enums declared inside it
 */
public record ProtoMessage(String name, List<ProtoMessage> nested, List<String> enums) {
    public ProtoMessage {
        nested = List.copyOf(nested);
        enums = List.copyOf(enums);
    }
}
