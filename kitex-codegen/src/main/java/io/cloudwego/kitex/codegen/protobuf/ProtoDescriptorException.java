package io.cloudwego.kitex.codegen.protobuf;

/**
 * A descriptor set that cannot be generated from: not a {@code FileDescriptorSet}, missing an imported
 * file, naming a type it does not define, or using what the generator does not support. The message
 * starts with the descriptor set's path.
 */
public final class ProtoDescriptorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtoDescriptorException(String message) {
        super(message);
    }

    public ProtoDescriptorException(String message, Throwable cause) {
        super(message, cause);
    }
}
