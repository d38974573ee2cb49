package io.cloudwego.kitex.serviceinfo;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service as its IDL defines it: the IDL service name and its methods. Generated code makes one
 * per IDL service; servers route by it and clients call through it.
 *
 * @param <S> the service interface
 */
public final class ServiceDescriptor<S> {
    private final String name;
    private final Class<S> type;
    private final Map<String, MethodDescriptor<S, ?, ?>> methods;

    private ServiceDescriptor(String name, Class<S> type, List<MethodDescriptor<S, ?, ?>> methods) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        Map<String, MethodDescriptor<S, ?, ?>> byName = new LinkedHashMap<>();
        for (MethodDescriptor<S, ?, ?> method : methods) {
            if (byName.put(method.name(), method) != null) {
                throw new IllegalArgumentException("service " + name + " has two methods named " + method.name());
            }
        }
        this.methods = Collections.unmodifiableMap(byName);
    }

    /** A service named {@code name} (its IDL name, sent as the {@code isn} key) implemented by {@code type}. */
    @SafeVarargs
    public static <S> ServiceDescriptor<S> of(String name, Class<S> type, MethodDescriptor<S, ?, ?>... methods) {
        return new ServiceDescriptor<>(name, type, List.of(methods));
    }

    /** The IDL service name. */
    public String name() {
        return name;
    }

    /** The service interface an implementation provides. */
    public Class<S> type() {
        return type;
    }

    /** The method named {@code name}, or {@code null}. */
    public MethodDescriptor<S, ?, ?> method(String name) {
        return methods.get(name);
    }

    /** All methods, in IDL order. */
    public Collection<MethodDescriptor<S, ?, ?>> methods() {
        return methods.values();
    }

    @Override
    public String toString() {
        return name + methods.keySet();
    }
}
