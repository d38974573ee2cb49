package io.cloudwego.kitex.codegen.java;

import java.util.function.Function;

/**
 * The generated code of a method described by a {@code StreamingMethodDescriptor}, whichever IDL
 * declares it: a Protobuf {@code rpc}, or a Thrift method annotated {@code streaming.mode}. Both
 * look alike to users: the same signatures for the same kind, the same descriptor constant and the
 * same client call.
 */
final class StreamingMethods {
    static final String METHOD_DESCRIPTOR = "io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor";
    static final String MESSAGE_CODEC = "io.cloudwego.kitex.remote.codec.MessageCodec";
    static final String STREAM_OBSERVER = "io.cloudwego.kitex.streaming.StreamObserver";

    private StreamingMethods() {
    }

    /** gRPC's four kinds of method, as kitex-core's {@code MethodKind} names them. */
    enum MethodKind {
        UNARY("unary", "unary", null),
        SERVER_STREAMING("serverStreaming", "server streaming",
            "Server streaming: one request; the responses go to {@code responseObserver}."),
        CLIENT_STREAMING("clientStreaming", "client streaming",
            "Client streaming: the requests go to the observer returned; the response goes to\n"
                + "{@code responseObserver}."),
        BIDI_STREAMING("bidiStreaming", "bidirectional streaming",
            "Bidirectional streaming: the requests go to the observer returned; the responses go to\n"
                + "{@code responseObserver}.");

        /** The {@code StreamingMethodDescriptor} factory, and the prefix of the streaming {@code KitexClient} call. */
        final String factory;
        final String description;
        /** The Javadoc of a method of this kind whose IDL has none. */
        final String fallbackDoc;

        MethodKind(String factory, String description, String fallbackDoc) {
            this.factory = factory;
            this.description = description;
            this.fallbackDoc = fallbackDoc;
        }

        static MethodKind of(boolean clientStreaming, boolean serverStreaming) {
            if (clientStreaming) {
                return serverStreaming ? BIDI_STREAMING : CLIENT_STREAMING;
            }
            return serverStreaming ? SERVER_STREAMING : UNARY;
        }
    }

    /**
     * One method.
     *
     * @param label how the Javadoc of the descriptor constant names the method (Javadoc text)
     * @param comment the IDL's doc comment, or {@code null}
     * @param fullName {@code package.Service/Method}, the gRPC {@code :path} without its leading {@code /}
     * @param javaName the method of the service interface
     * @param constant the {@code StreamingMethodDescriptor} constant in the descriptor class
     * @param requestType the request type as written in a file
     * @param requestCodec the request's {@code MessageCodec} constant in the descriptor class
     */
    record Method(MethodKind kind, String label, String comment, String fullName, String javaName, String constant,
                  Function<JavaFile, String> requestType, Function<JavaFile, String> responseType,
                  String requestCodec, String responseCodec) {
    }

    /** The method's declaration in the service interface, or for {@code async}, in its {@code Async} one. */
    static void declare(CodeWriter w, JavaFile f, Method method, boolean async) {
        w.blank();
        w.doc(Context.doc(method.comment(), method.kind().fallbackDoc));
        w.line(signature(f, method, async) + ";");
    }

    /** The method's signature in the blocking interface, or for {@code async}, in the {@code Async} one. */
    static String signature(JavaFile f, Method method, boolean async) {
        String request = method.requestType().apply(f);
        String response = method.responseType().apply(f);
        String name = method.javaName();
        return switch (method.kind()) {
            case CLIENT_STREAMING, BIDI_STREAMING -> observer(f, request) + " " + name + "(" + observer(f, response)
                + " responseObserver)";
            case SERVER_STREAMING -> "void " + name + "(" + request + " request, " + observer(f, response)
                + " responseObserver)";
            case UNARY -> (async ? f.t(ServiceSkeleton.FUTURE) + "<" + response + ">" : response) + " " + name + "("
                + request + " request)";
        };
    }

    private static String observer(JavaFile f, String type) {
        return f.t(STREAM_OBSERVER) + "<" + type + ">";
    }

    /** A {@code MessageCodec} constant of the descriptor class: {@code codec} writes and reads {@code type}. */
    static void codecConstant(CodeWriter w, JavaFile f, String type, String constant, String codec, String doc) {
        String messageCodec = f.t(MESSAGE_CODEC);
        w.doc(doc);
        w.line("public static final " + messageCodec + "<" + type + "> " + constant + " = " + messageCodec + "."
            + codec + ";");
        w.blank();
    }

    /**
     * The method's constant in the descriptor class, for implementations of {@code serviceType};
     * returns the expression of its descriptor for implementations of the {@code Async} form.
     */
    static String descriptorConstant(CodeWriter w, JavaFile f, Method method, String serviceType) {
        String md = f.t(METHOD_DESCRIPTOR);
        String types = method.requestType().apply(f) + ", " + method.responseType().apply(f);
        w.doc(method.label() + ", " + method.kind().description + ".");
        w.line("public static final " + md + "<" + serviceType + ", " + types + "> " + method.constant() + " = " + md
            + "." + descriptor(f, method, false) + ";");
        w.blank();
        return md + ".<" + serviceType + "." + ServiceSkeleton.asyncName(ServiceSkeleton.simple(serviceType)) + ", "
            + types + ">" + descriptor(f, method, true);
    }

    /** {@code kind("pkg.Service/Method", codecs, invoker)}. */
    private static String descriptor(JavaFile f, Method method, boolean async) {
        String call = "service." + method.javaName();
        String invoker = switch (method.kind()) {
            case CLIENT_STREAMING, BIDI_STREAMING -> "(service, responseObserver) -> " + call + "(responseObserver)";
            case SERVER_STREAMING -> "(service, request, responseObserver) -> " + call + "(request, responseObserver)";
            case UNARY -> async ? "(service, request) -> " + call + "(request)"
                : "(service, request) -> " + f.t(ServiceSkeleton.FUTURE) + ".completedFuture(" + call + "(request))";
        };
        return method.kind().factory + "(" + ValueEmitter.quote(method.fullName()) + ", " + method.requestCodec()
            + ", " + method.responseCodec() + ", " + invoker + ")";
    }

    /**
     * The method of the client class, calling through {@code client} the constant of the descriptor
     * class {@code descriptor} (as written in {@code f}); {@code blocking} for the service interface's
     * form, else its {@code Async} one.
     */
    static void clientMethod(CodeWriter w, JavaFile f, Method method, String descriptor, String client,
                             boolean blocking) {
        String target = descriptor + "." + method.constant();
        String statement = switch (method.kind()) {
            case CLIENT_STREAMING, BIDI_STREAMING -> "return " + client + "." + method.kind().factory + "Call(" + target
                + ", responseObserver);";
            case SERVER_STREAMING -> client + ".serverStreamingCall(" + target + ", request, responseObserver);";
            case UNARY -> "return " + client + (blocking ? ".callBlocking(" : ".call(") + target + ", request);";
        };
        ServiceSkeleton.override(w, f, signature(f, method, !blocking), statement);
    }
}
