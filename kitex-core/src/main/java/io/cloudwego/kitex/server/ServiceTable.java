package io.cloudwego.kitex.server;

import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.ProtobufMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The services of a server and, per method, the middleware chain ending in its handler. */
final class ServiceTable {

    /** A method ready to be called: its descriptor and its chain. */
    record Route(ServiceDescriptor<?> service, MethodDescriptor<?, ?, ?> method, Endpoint endpoint,
                 HandlerExecution execution) {
    }

    /**
     * A Protobuf method served over gRPC: its descriptor, the implementation, and for unary methods
     * the middleware chain ending in the handler ({@code null} for streaming methods, which
     * middleware does not wrap).
     */
    record GrpcRoute(ServiceDescriptor<?> service, ProtobufMethodDescriptor<?, ?, ?> method, Object implementation,
                     Endpoint endpoint, HandlerExecution execution) {
    }

    private final Map<String, Map<String, Route>> byService = new LinkedHashMap<>();
    private final Map<String, Route> byMethod = new HashMap<>();
    private final Map<String, GrpcRoute> byGrpcPath = new HashMap<>();
    private final Map<String, ServiceDescriptor<?>> grpcServices = new HashMap<>();

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
            Endpoint handler = handlerEndpoint(method, registration.implementation());
            Route route = new Route(service, method, Middleware.chain(middlewares, handler), registration.execution());
            routes.put(method.name(), route);
            byMethod.putIfAbsent(method.name(), route);
        }
        byService.put(service.name(), routes);
        if (service.payloadCodec() == PayloadCodec.PROTOBUF) {
            addGrpc(registration, middlewares);
        }
    }

    private <S> void addGrpc(Registration<S> registration, List<Middleware> middlewares) {
        ServiceDescriptor<S> service = registration.service();
        grpcServices.put(service.fullName(), service);
        for (ProtobufMethodDescriptor<S, ?, ?> method : service.protobufMethods()) {
            Endpoint endpoint = method.kind() == MethodKind.UNARY
                ? Middleware.chain(middlewares, unaryEndpoint(method, registration.implementation())) : null;
            byGrpcPath.put(method.fullName(), new GrpcRoute(service, method, registration.implementation(), endpoint,
                registration.execution()));
        }
    }

    @SuppressWarnings("unchecked")
    private static <S, Req, Resp> Endpoint unaryEndpoint(ProtobufMethodDescriptor<S, Req, Resp> method, S implementation) {
        MethodDescriptor.Invoker<S, Req, Resp> invoker = method.unaryInvoker();
        return (info, request) -> {
            try {
                return (java.util.concurrent.CompletableFuture<Object>) invoker.invoke(implementation, (Req) request);
            } catch (Exception e) {
                return java.util.concurrent.CompletableFuture.failedFuture(e);
            }
        };
    }

    /** The gRPC route of {@code fullMethodName} ({@code package.Service/Method}), or {@code null}. */
    GrpcRoute grpcRoute(String fullMethodName) {
        return byGrpcPath.get(fullMethodName);
    }

    /** Whether a Protobuf service whose full name is {@code fullName} is served over gRPC. */
    boolean hasGrpcService(String fullName) {
        return grpcServices.containsKey(fullName);
    }

    @SuppressWarnings("unchecked")
    private static <S, A, T> Endpoint handlerEndpoint(MethodDescriptor<S, A, T> method, S implementation) {
        MethodDescriptor.Invoker<S, A, T> invoker = method.invoker();
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

    /** The route of {@code method} in service {@code service}, or {@code null}. */
    Route route(String service, String method) {
        Map<String, Route> routes = byService.get(service);
        return routes == null ? null : routes.get(method);
    }

    /** The route of {@code method} in the first service registered that has it, or {@code null}. */
    Route route(String method) {
        return byMethod.get(method);
    }

    Iterable<String> serviceNames() {
        return byService.keySet();
    }
}
