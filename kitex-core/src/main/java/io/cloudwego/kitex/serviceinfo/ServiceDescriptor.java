package io.cloudwego.kitex.serviceinfo;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A service as its IDL defines it: its name, its {@link PayloadCodec} and its methods. Generated code
 * makes one per IDL service; servers route by it and clients call through it.
 *
 * <p>One type describes services of both IDLs, so that servers, clients and their configuration name
 * services the same way whatever the payload. Methods come in two shapes, kept apart:
 * <ul>
 *   <li>Thrift methods with args and result structs ({@link #of}, {@link #thrift}) have
 *       {@link MethodDescriptor}s: {@link #methods()} and {@link #method(String)};</li>
 *   <li>every method of a Protobuf service ({@link #protobuf}), and the Thrift methods annotated
 *       {@code streaming.mode} ({@link #thrift}), have {@link StreamingMethodDescriptor}s:
 *       {@link #streamingMethods()} and {@link #streamingMethod(String)}.</li>
 * </ul>
 * {@link #hasMethod(String)} asks both.
 *
 * @param <S> the service interface
 */
public final class ServiceDescriptor<S> {
    private final String name;
    private final String packageName;
    private final PayloadCodec payloadCodec;
    private final Class<S> type;
    private final Map<String, MethodDescriptor<S, ?, ?>> methods;
    private final Map<String, StreamingMethodDescriptor<S, ?, ?>> streamingMethods;

    private ServiceDescriptor(String name, String packageName, PayloadCodec payloadCodec, Class<S> type,
                              List<MethodDescriptor<S, ?, ?>> methods,
                              List<StreamingMethodDescriptor<S, ?, ?>> streamingMethods) {
        this.name = Objects.requireNonNull(name, "name");
        this.packageName = packageName;
        this.payloadCodec = payloadCodec;
        this.type = Objects.requireNonNull(type, "type");
        this.methods = byName(methods, MethodDescriptor::name);
        this.streamingMethods = byName(streamingMethods, StreamingMethodDescriptor::name);
        for (StreamingMethodDescriptor<S, ?, ?> method : streamingMethods) {
            if (this.methods.containsKey(method.name())) {
                throw new IllegalArgumentException("service " + name + " has two methods named " + method.name());
            }
            if (!method.serviceFullName().equals(fullName())) {
                throw new IllegalArgumentException("method " + method.fullName() + " is not of service " + fullName());
            }
        }
    }

    private <M> Map<String, M> byName(List<M> list, Function<M, String> name) {
        Map<String, M> map = new LinkedHashMap<>();
        for (M method : list) {
            if (map.put(name.apply(method), method) != null) {
                throw new IllegalArgumentException("service " + this.name + " has two methods named " + name.apply(method));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** A Thrift service named {@code name} (its IDL name, sent as the {@code isn} key) implemented by {@code type}. */
    @SafeVarargs
    public static <S> ServiceDescriptor<S> of(String name, Class<S> type, MethodDescriptor<S, ?, ?>... methods) {
        return new ServiceDescriptor<>(name, "", PayloadCodec.THRIFT, type, List.of(methods), List.of());
    }

    /**
     * A Thrift service whose IDL annotates some methods with {@code streaming.mode}: those travel over
     * gRPC as {@code application/grpc+thrift} and are {@code streamingMethods}, named
     * {@code packageName.name/Method} (the gRPC {@code :path}); the others are {@code methods}.
     *
     * @param packageName the package Kitex gives the service's gRPC path; empty for none
     * @param name the IDL service name, sent as the {@code isn} key
     */
    public static <S> ServiceDescriptor<S> thrift(String packageName, String name, Class<S> type,
                                                  List<MethodDescriptor<S, ?, ?>> methods,
                                                  List<StreamingMethodDescriptor<S, ?, ?>> streamingMethods) {
        return new ServiceDescriptor<>(name, Objects.requireNonNull(packageName, "packageName"), PayloadCodec.THRIFT,
            type, List.copyOf(methods), List.copyOf(streamingMethods));
    }

    /**
     * A Protobuf service implemented by {@code type}.
     *
     * @param fullName {@code package.Service} as in the {@code .proto} file ({@code Service} when the
     *     file has no package); every method's {@link StreamingMethodDescriptor#serviceFullName()} must be it
     */
    @SafeVarargs
    public static <S> ServiceDescriptor<S> protobuf(String fullName, Class<S> type,
                                                    StreamingMethodDescriptor<S, ?, ?>... methods) {
        int dot = fullName.lastIndexOf('.');
        return new ServiceDescriptor<>(fullName.substring(dot + 1), dot < 0 ? "" : fullName.substring(0, dot),
            PayloadCodec.PROTOBUF, type, List.of(), List.of(methods));
    }

    /** The IDL service name, without package: Kitex's service name of the service. */
    public String name() {
        return name;
    }

    /** The package of the service's gRPC path (a Protobuf service's package); empty when there is none. */
    public String packageName() {
        return packageName;
    }

    /** {@code package.Service}, or the bare name when there is no package: the service part of gRPC's {@code :path}. */
    public String fullName() {
        return packageName.isEmpty() ? name : packageName + "." + name;
    }

    /** The IDL of the service's messages. */
    public PayloadCodec payloadCodec() {
        return payloadCodec;
    }

    /** The service interface an implementation provides. */
    public Class<S> type() {
        return type;
    }

    /** The Thrift method named {@code name}, or {@code null} (always for Protobuf services). */
    public MethodDescriptor<S, ?, ?> method(String name) {
        return methods.get(name);
    }

    /** All Thrift methods, in IDL order; none for Protobuf services. */
    public Collection<MethodDescriptor<S, ?, ?>> methods() {
        return methods.values();
    }

    /** The streaming method named {@code name} (its name in the IDL), or {@code null}. */
    public StreamingMethodDescriptor<S, ?, ?> streamingMethod(String name) {
        return streamingMethods.get(name);
    }

    /** All streaming methods, in IDL order: every method of a Protobuf service. */
    public Collection<StreamingMethodDescriptor<S, ?, ?>> streamingMethods() {
        return streamingMethods.values();
    }

    /** Whether the service has a method named {@code name}, of either IDL. */
    public boolean hasMethod(String name) {
        return methods.containsKey(name) || streamingMethods.containsKey(name);
    }

    @Override
    public String toString() {
        return fullName() + (payloadCodec == PayloadCodec.THRIFT ? methods.keySet() : streamingMethods.keySet());
    }
}
