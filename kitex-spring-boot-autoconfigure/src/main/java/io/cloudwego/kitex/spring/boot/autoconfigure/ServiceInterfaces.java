package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The conventions of generated service code, found by reflection at start-up only: a service
 * interface has a {@code DESCRIPTOR} constant, a nested {@code Async} interface, and a
 * {@code <Service>Client} class in its package with a public {@code (KitexClient)} constructor and
 * an {@code async()} method.
 */
final class ServiceInterfaces {
    static final String DESCRIPTOR_FIELD = "DESCRIPTOR";
    static final String ASYNC_INTERFACE = "Async";
    static final String CLIENT_SUFFIX = "Client";

    private ServiceInterfaces() {
    }

    /** What a {@code @KitexClient} injection point asks for: a service, blocking or asynchronous. */
    record ClientType(ServiceDescriptor<?> service, boolean async) {
    }

    /** The descriptor of {@code type} when it is a service interface, else {@code null}. */
    static @Nullable ServiceDescriptor<?> descriptorOf(Class<?> type) {
        if (!type.isInterface()) {
            return null;
        }
        Field field;
        try {
            field = type.getField(DESCRIPTOR_FIELD);
        } catch (NoSuchFieldException e) {
            return null;
        }
        if (!Modifier.isStatic(field.getModifiers()) || !ServiceDescriptor.class.isAssignableFrom(field.getType())) {
            return null;
        }
        try {
            ServiceDescriptor<?> descriptor = (ServiceDescriptor<?>) field.get(null);
            // An interface extending a service interface inherits its DESCRIPTOR but is not the service.
            return descriptor != null && descriptor.type() == type ? descriptor : null;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** The services {@code implementationClass} implements, through any of its interfaces. */
    static List<ServiceDescriptor<?>> servicesImplementedBy(Class<?> implementationClass) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = implementationClass; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                addWithSuperInterfaces(i, interfaces);
            }
        }
        List<ServiceDescriptor<?>> services = new ArrayList<>();
        for (Class<?> i : interfaces) {
            ServiceDescriptor<?> descriptor = descriptorOf(i);
            if (descriptor != null) {
                services.add(descriptor);
            }
        }
        return services;
    }

    private static void addWithSuperInterfaces(Class<?> type, Set<Class<?>> interfaces) {
        if (interfaces.add(type)) {
            for (Class<?> parent : type.getInterfaces()) {
                addWithSuperInterfaces(parent, interfaces);
            }
        }
    }

    /**
     * The service {@code type} calls: {@code type} is a service interface or its nested
     * {@code Async} interface.
     *
     * @throws IllegalArgumentException when it is neither
     */
    static ClientType clientTypeOf(Class<?> type) {
        // Checked first: generated Async interfaces have a DESCRIPTOR of their own, for serving.
        Class<?> enclosing = type.getEnclosingClass();
        if (type.isInterface() && ASYNC_INTERFACE.equals(type.getSimpleName()) && enclosing != null) {
            ServiceDescriptor<?> service = descriptorOf(enclosing);
            if (service != null) {
                return new ClientType(service, true);
            }
        }
        ServiceDescriptor<?> descriptor = descriptorOf(type);
        if (descriptor != null) {
            return new ClientType(descriptor, false);
        }
        throw new IllegalArgumentException(type.getName() + " is neither a Kitex service interface (an interface with a "
            + DESCRIPTOR_FIELD + " constant) nor the " + ASYNC_INTERFACE + " interface nested in one");
    }

    /**
     * A new {@code <Service>Client} calling through {@code client}: an implementation of the
     * service interface.
     */
    static Object newServiceClient(ServiceDescriptor<?> service, KitexClient client) {
        Class<?> serviceType = service.type();
        String className = serviceType.getPackageName() + "." + serviceType.getSimpleName() + CLIENT_SUFFIX;
        try {
            Class<?> clientClass = Class.forName(className, true, serviceType.getClassLoader());
            Object serviceClient = clientClass.getConstructor(KitexClient.class).newInstance(client);
            if (!serviceType.isInstance(serviceClient)) {
                throw new IllegalStateException(className + " does not implement " + serviceType.getName());
            }
            return serviceClient;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("no client class for " + serviceType.getName() + ": expected " + className
                + " with a public constructor taking a " + KitexClient.class.getName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("creating " + className + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("creating " + className + " failed", e);
        }
    }

    /** The asynchronous form of {@code serviceClient} (its {@code async()}), an instance of {@code asyncType}. */
    static Object asyncOf(Object serviceClient, Class<?> asyncType) {
        Object async;
        try {
            async = serviceClient.getClass().getMethod("async").invoke(serviceClient);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(serviceClient.getClass().getName() + " has no public async() method", e);
        }
        if (!asyncType.isInstance(async)) {
            throw new IllegalStateException(serviceClient.getClass().getName() + ".async() does not return a "
                + asyncType.getName());
        }
        return async;
    }
}
