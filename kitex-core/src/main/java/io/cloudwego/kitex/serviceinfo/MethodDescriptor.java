package io.cloudwego.kitex.serviceinfo;

import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One method of a Thrift service: its name, whether it is oneway, the codecs of its args and result
 * structs, and the adapter that calls an implementation. Generated code makes one per IDL method.
 * Protobuf methods have their own descriptor, {@link StreamingMethodDescriptor}.
 *
 * @param <S> the service interface
 * @param <A> the args struct
 * @param <T> the success value ({@link Void} for void and oneway methods)
 */
public final class MethodDescriptor<S, A, T> {

    /**
     * Calls the implementation of a method that takes one value and answers one: a Thrift method
     * with its decoded args, or a unary Protobuf method with its request message.
     */
    @FunctionalInterface
    public interface Invoker<S, A, T> {
        /**
         * Runs the method. A synchronous implementation returns a completed future; an exception it
         * throws is handled as if the future had completed with it.
         */
        CompletableFuture<T> invoke(S service, A args) throws Exception;
    }

    private final String name;
    private final boolean oneway;
    private final ThriftCodec<A> argsCodec;
    private final ResultCodec<T> resultCodec;
    private final Invoker<S, A, T> invoker;

    private MethodDescriptor(String name, boolean oneway, ThriftCodec<A> argsCodec, ResultCodec<T> resultCodec,
                             Invoker<S, A, T> invoker) {
        this.name = Objects.requireNonNull(name, "name");
        this.oneway = oneway;
        this.argsCodec = Objects.requireNonNull(argsCodec, "argsCodec");
        this.resultCodec = resultCodec;
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        if (!oneway) {
            Objects.requireNonNull(resultCodec, "resultCodec");
        }
    }

    /** A request/response method. */
    public static <S, A, T> MethodDescriptor<S, A, T> of(String name, ThriftCodec<A> argsCodec,
                                                         ResultCodec<T> resultCodec, Invoker<S, A, T> invoker) {
        return new MethodDescriptor<>(name, false, argsCodec, resultCodec, invoker);
    }

    /** A oneway method: the server writes nothing back. */
    public static <S, A> MethodDescriptor<S, A, Void> oneway(String name, ThriftCodec<A> argsCodec,
                                                             Invoker<S, A, Void> invoker) {
        return new MethodDescriptor<>(name, true, argsCodec, null, invoker);
    }

    public String name() {
        return name;
    }

    public boolean isOneway() {
        return oneway;
    }

    /** {@link MethodKind#ONEWAY} or {@link MethodKind#UNARY}. */
    public MethodKind kind() {
        return oneway ? MethodKind.ONEWAY : MethodKind.UNARY;
    }

    public ThriftCodec<A> argsCodec() {
        return argsCodec;
    }

    /** The result codec; {@code null} for oneway methods. */
    public ResultCodec<T> resultCodec() {
        return resultCodec;
    }

    public Invoker<S, A, T> invoker() {
        return invoker;
    }

    @Override
    public String toString() {
        return (oneway ? "oneway " : "") + name;
    }
}
