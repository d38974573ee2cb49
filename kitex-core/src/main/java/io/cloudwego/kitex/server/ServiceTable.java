package io.cloudwego.kitex.server;

import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The services of a server and, per method, the middleware chain ending in its handler. */
final class ServiceTable {

    /** A method ready to be called: its service, how its messages are read and written, and its chain. */
    record Route(ServiceDescriptor<?> service, MethodPayload payload, Endpoint endpoint, HandlerExecution execution) {
    }

    /**
     * A method served over gRPC (a method of a Protobuf service, or a Thrift method annotated
     * {@code streaming.mode}): its descriptor, the implementation, and for unary methods the
     * middleware chain ending in the handler ({@code null} for streaming methods, which middleware
     * does not wrap).
     */
    record GrpcRoute(ServiceDescriptor<?> service, StreamingMethodDescriptor<?, ?, ?> method, Object implementation,
                     Endpoint endpoint, HandlerExecution execution) {
    }

    private final Map<String, Map<String, Route>> byService = new LinkedHashMap<>();
    private final Map<PayloadCodec, Map<String, Route>> byMethod = new EnumMap<>(PayloadCodec.class);
    private final Map<String, GrpcRoute> byGrpcPath = new HashMap<>();
    private final Map<String, ServiceDescriptor<?>> grpcServices = new HashMap<>();
    /** The gRPC routes of Thrift services by service name (no package), then method name. */
    private final Map<String, Map<String, GrpcRoute>> thriftGrpcByService = new HashMap<>();

    /**
     * A table of {@code registrations}, each method's handler wrapped in {@code middlewares}.
     */
    ServiceTable(List<Registration<?>> registrations, List<Middleware> middlewares) {
        for (Registration<?> registration : registrations) {
            add(registration, middlewares);
        }
    }

    /** A service to serve: its descriptor, implementation and where its handlers run. */
    record Registration<S>(ServiceDescriptor<S> service, S implementation, HandlerExecution execution) {
        Registration {
            if (!service.type().isInstance(implementation)) {
                throw new IllegalArgumentException(implementation.getClass().getName() + " does not implement "
                    + service.type().getName());
            }
        }
    }

    private <S> void add(Registration<S> registration, List<Middleware> middlewares) {
        ServiceDescriptor<S> service = registration.service();
        if (byService.containsKey(service.name())) {
            throw new IllegalArgumentException("service " + service.name() + " is registered twice");
        }
        Map<String, Route> routes = new HashMap<>();
        for (MethodDescriptor<S, ?, ?> method : service.methods()) {
            routes.put(method.name(), route(registration, MethodPayload.of(method), method.invoker(), middlewares));
        }
        for (StreamingMethodDescriptor<S, ?, ?> method : service.streamingMethods()) {
            // Streaming methods travel over gRPC only, which routes by its :path; unary Protobuf
            // methods also as Kitex Protobuf. Thrift streaming.mode methods have no message-framed form.
            if (method.kind() == MethodKind.UNARY && service.payloadCodec() == PayloadCodec.PROTOBUF) {
                routes.put(method.name(),
                    route(registration, MethodPayload.of(method), method.unaryInvoker(), middlewares));
            }
        }
        Map<String, Route> sameIdl = byMethod.computeIfAbsent(service.payloadCodec(), c -> new HashMap<>());
        routes.forEach(sameIdl::putIfAbsent);
        byService.put(service.name(), routes);
        addGrpc(registration, middlewares);
    }

    private <S> void addGrpc(Registration<S> registration, List<Middleware> middlewares) {
        ServiceDescriptor<S> service = registration.service();
        if (service.payloadCodec() == PayloadCodec.THRIFT && service.streamingMethods().isEmpty()) {
            return;
        }
        grpcServices.put(service.fullName(), service);
        Map<String, GrpcRoute> byName = new HashMap<>();
        for (StreamingMethodDescriptor<S, ?, ?> method : service.streamingMethods()) {
            Endpoint endpoint = method.kind() == MethodKind.UNARY
                ? Middleware.chain(middlewares, handlerEndpoint(method.unaryInvoker(), registration.implementation())) : null;
            GrpcRoute route = new GrpcRoute(service, method, registration.implementation(), endpoint,
                registration.execution());
            byGrpcPath.put(method.fullName(), route);
            byName.put(method.name(), route);
        }
        if (service.payloadCodec() == PayloadCodec.THRIFT) {
            thriftGrpcByService.put(service.name(), byName);
        }
    }

    /**
     * The gRPC route of {@code fullMethodName} ({@code package.Service/Method}), or {@code null}. A
     * Thrift service is also found by its name alone, whatever package precedes it or none, as Kitex
     * servers find it; Protobuf services only by their full name, as gRPC servers do.
     */
    GrpcRoute grpcRoute(String fullMethodName) {
        GrpcRoute route = byGrpcPath.get(fullMethodName);
        if (route != null) {
            return route;
        }
        int slash = fullMethodName.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        Map<String, GrpcRoute> thriftRoutes = thriftGrpcByService.get(simpleName(fullMethodName.substring(0, slash)));
        return thriftRoutes == null ? null : thriftRoutes.get(fullMethodName.substring(slash + 1));
    }

    /**
     * Whether a service {@code serviceFullName} ({@code package.Service}) is served over gRPC: a
     * Protobuf service of that full name, or a Thrift service of that name with any package.
     */
    boolean hasGrpcService(String serviceFullName) {
        return grpcServices.containsKey(serviceFullName)
            || thriftGrpcByService.containsKey(simpleName(serviceFullName));
    }

    private static String simpleName(String serviceFullName) {
        return serviceFullName.substring(serviceFullName.lastIndexOf('.') + 1);
    }

    private static <S> Route route(Registration<S> registration, MethodPayload payload,
                                   MethodDescriptor.Invoker<S, ?, ?> invoker, List<Middleware> middlewares) {
        Endpoint handler = handlerEndpoint(invoker, registration.implementation());
        return new Route(registration.service(), payload, Middleware.chain(middlewares, handler),
            registration.execution());
    }

    @SuppressWarnings("unchecked")
    private static <S, A, T> Endpoint handlerEndpoint(MethodDescriptor.Invoker<S, A, T> invoker, S implementation) {
        return (info, request) -> {
            try {
                return (java.util.concurrent.CompletableFuture<Object>) invoker.invoke(implementation, (A) request);
            } catch (Exception e) {
                return java.util.concurrent.CompletableFuture.failedFuture(e);
            }
        };
    }

    /** Whether a service named {@code name} is registered. */
    boolean hasService(String name) {
        return byService.containsKey(name);
    }

    /** The route of {@code method} in service {@code service} whose messages are in {@code payloadCodec}, or {@code null}. */
    Route route(PayloadCodec payloadCodec, String service, String method) {
        Map<String, Route> routes = byService.get(service);
        Route route = routes == null ? null : routes.get(method);
        return route == null || route.payload().payloadCodec() != payloadCodec ? null : route;
    }

    /**
     * The route of {@code method} in the first service registered that has it and whose messages are
     * in {@code payloadCodec}, or {@code null}.
     */
    Route route(PayloadCodec payloadCodec, String method) {
        Map<String, Route> routes = byMethod.get(payloadCodec);
        return routes == null ? null : routes.get(method);
    }

    Iterable<String> serviceNames() {
        return byService.keySet();
    }
}
