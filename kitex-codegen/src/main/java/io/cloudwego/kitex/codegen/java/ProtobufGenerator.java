package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.protobuf.DescriptorSet;
import io.cloudwego.kitex.codegen.protobuf.ProtoFile;
import io.cloudwego.kitex.codegen.protobuf.ProtoMethod;
import io.cloudwego.kitex.codegen.protobuf.ProtoService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the services of a {@link DescriptorSet} into Java sources targeting kitex-core: per service
 * the interface (with its {@code Async} form and {@code DESCRIPTOR}s), the descriptor class (message
 * codecs and one {@code StreamingMethodDescriptor} per {@code rpc}) and the client class. The message
 * classes themselves are protoc's; the generated code refers to them by the names protoc gives them.
 */
public final class ProtobufGenerator {
    private static final String METHOD_DESCRIPTOR = "io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor";
    private static final String MESSAGE_CODEC = "io.cloudwego.kitex.remote.codec.MessageCodec";
    private static final String STREAM_OBSERVER = "io.cloudwego.kitex.streaming.StreamObserver";

    private final List<ProtoFile> files;
    private final ProtobufNaming naming;

    /**
     * @param files the names of the files whose services to generate ({@code dir/file.proto}), or
     *     {@code null} for every file of the set
     * @param packageOverride the package of every generated class, or {@code null} for each file's
     *     {@code java_package} (else its {@code package})
     * @throws io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException if a file is not in the set
     *     or has no package to generate into
     */
    public ProtobufGenerator(DescriptorSet set, Collection<String> files, String packageOverride) {
        List<ProtoFile> selected = new ArrayList<>();
        if (files == null) {
            selected.addAll(set.files());
        } else {
            for (String name : files) {
                ProtoFile file = set.file(name);
                if (file == null) {
                    throw set.error("the set has no file " + name);
                }
                selected.add(file);
            }
        }
        this.files = List.copyOf(selected);
        this.naming = new ProtobufNaming(set, this.files, packageOverride);
    }

    /** Every generated file: path relative to the output root ({@code a/b/C.java}) to content, sorted by path. */
    public Map<String, String> generate() {
        Map<String, String> out = new TreeMap<>();
        for (ProtoFile file : files) {
            for (ProtoService service : file.services()) {
                ProtobufNaming.ServiceNames names = naming.service(service);
                Generation g = new Generation(file, service, names);
                String dir = names.packageName().replace('.', '/') + "/";
                out.put(dir + names.serviceClass() + ".java", g.serviceInterface());
                out.put(dir + names.descriptorClass() + ".java", g.descriptor());
                out.put(dir + names.clientClass() + ".java", g.client());
            }
        }
        return out;
    }

    /** The files of one service. */
    private final class Generation {
        private final ProtoFile file;
        private final ProtoService service;
        private final ProtobufNaming.ServiceNames names;
        private final String fullName;

        Generation(ProtoFile file, ProtoService service, ProtobufNaming.ServiceNames names) {
            this.file = file;
            this.service = service;
            this.names = names;
            this.fullName = file.protoPackage().isEmpty() ? service.name() : file.protoPackage() + "." + service.name();
        }

        private JavaFile javaFile(String className, Set<String> memberTypes) {
            return new JavaFile(names.packageName(), className, naming.packageTypes(names.packageName()), memberTypes);
        }

        private String qualified(String className) {
            return names.packageName() + "." + className;
        }

        private String request(JavaFile f, ProtoMethod method) {
            return naming.message(method.inputType()).in(f);
        }

        private String response(JavaFile f, ProtoMethod method) {
            return naming.message(method.outputType()).in(f);
        }

        private String observer(JavaFile f, String type) {
            return f.t(STREAM_OBSERVER) + "<" + type + ">";
        }

        /** The method's signature in the blocking interface, or for {@code async}, in the {@code Async} one. */
        private String signature(JavaFile f, ProtoMethod method, boolean async) {
            String name = names.methods().get(method);
            String request = request(f, method);
            String response = response(f, method);
            if (method.clientStreaming()) {
                return observer(f, request) + " " + name + "(" + observer(f, response) + " responseObserver)";
            }
            if (method.serverStreaming()) {
                return "void " + name + "(" + request + " request, " + observer(f, response) + " responseObserver)";
            }
            return (async ? f.t(ServiceSkeleton.FUTURE) + "<" + response + ">" : response) + " " + name + "(" + request
                + " request)";
        }

        /** The name of the {@code StreamingMethodDescriptor} factory, and prefix of the {@code KitexClient} method, of a kind. */
        private String kind(ProtoMethod method) {
            if (method.clientStreaming()) {
                return method.serverStreaming() ? "bidiStreaming" : "clientStreaming";
            }
            return method.serverStreaming() ? "serverStreaming" : "unary";
        }

        private String methodDoc(ProtoMethod method) {
            String fallback = switch (kind(method)) {
                case "serverStreaming" -> "Server streaming: one request; the responses go to {@code responseObserver}.";
                case "clientStreaming" -> "Client streaming: the requests go to the observer returned; the response"
                    + " goes to\n{@code responseObserver}.";
                case "bidiStreaming" -> "Bidirectional streaming: the requests go to the observer returned; the"
                    + " responses go to\n{@code responseObserver}.";
                default -> null;
            };
            return Context.doc(method.comment(), fallback);
        }

        String serviceInterface() {
            JavaFile f = javaFile(names.serviceClass(), Set.of(ServiceSkeleton.asyncName(names.serviceClass())));
            CodeWriter w = new CodeWriter();
            String doc = Context.doc(service.comment(), "{@code service " + fullName + "} of " + file.name() + ".");
            ServiceSkeleton.serviceInterface(w, f, doc, qualified(names.descriptorClass()), null,
                () -> methods(w, f, false), () -> methods(w, f, true));
            return f.render(Context.header(file.name()), w.toString());
        }

        private void methods(CodeWriter w, JavaFile f, boolean async) {
            for (ProtoMethod method : service.methods()) {
                w.blank();
                w.doc(methodDoc(method));
                w.line(signature(f, method, async) + ";");
            }
        }

        String descriptor() {
            JavaFile f = javaFile(names.descriptorClass(), Set.of());
            CodeWriter w = new CodeWriter();
            w.doc("The message codecs and the method descriptors of {@code service " + fullName + "}.");
            w.line("public final class " + names.descriptorClass() + " {");
            String codec = f.t(MESSAGE_CODEC);
            for (Map.Entry<String, String> message : names.codecs().entrySet()) {
                String type = naming.message(message.getKey()).in(f);
                w.doc("Writes and reads {@code " + message.getKey().substring(1) + "}.");
                w.line("public static final " + codec + "<" + type + "> " + message.getValue() + " = " + codec + ".of("
                    + type + ".parser());");
                w.blank();
            }
            String serviceType = f.t(qualified(names.serviceClass()));
            String asyncType = serviceType + "." + ServiceSkeleton.asyncName(names.serviceClass());
            String md = f.t(METHOD_DESCRIPTOR);
            List<String> constants = new ArrayList<>();
            List<String> asyncDescriptors = new ArrayList<>();
            for (ProtoMethod method : service.methods()) {
                String constant = names.constants().get(method);
                constants.add(constant);
                String types = request(f, method) + ", " + response(f, method);
                w.doc("{@code rpc " + method.name() + "}, " + switch (kind(method)) {
                    case "serverStreaming" -> "server streaming";
                    case "clientStreaming" -> "client streaming";
                    case "bidiStreaming" -> "bidirectional streaming";
                    default -> "unary";
                } + ".");
                w.line("public static final " + md + "<" + serviceType + ", " + types + "> " + constant + " = " + md + "."
                    + methodDescriptor(f, method, false) + ";");
                w.blank();
                asyncDescriptors.add(md + ".<" + asyncType + ", " + types + ">" + methodDescriptor(f, method, true));
            }
            ServiceSkeleton.descriptorFactories(w, f, "protobuf", fullName, serviceType, constants, asyncDescriptors);
            return f.render(Context.header(file.name()), w.toString());
        }

        /** {@code kind("pkg.Service/Method", codecs, invoker)}. */
        private String methodDescriptor(JavaFile f, ProtoMethod method, boolean async) {
            String call = "service." + names.methods().get(method);
            String invoker;
            if (method.clientStreaming()) {
                invoker = "(service, responseObserver) -> " + call + "(responseObserver)";
            } else if (method.serverStreaming()) {
                invoker = "(service, request, responseObserver) -> " + call + "(request, responseObserver)";
            } else {
                invoker = async ? "(service, request) -> " + call + "(request)"
                    : "(service, request) -> " + f.t(ServiceSkeleton.FUTURE) + ".completedFuture(" + call + "(request))";
            }
            return kind(method) + "(" + ValueEmitter.quote(fullName + "/" + method.name()) + ", "
                + names.codecs().get(method.inputType()) + ", " + names.codecs().get(method.outputType()) + ", "
                + invoker + ")";
        }

        String client() {
            JavaFile f = javaFile(names.clientClass(), Set.of(ServiceSkeleton.asyncName(names.serviceClass())));
            String serviceType = f.t(qualified(names.serviceClass()));
            String descriptor = f.t(qualified(names.descriptorClass()));
            CodeWriter w = new CodeWriter();
            ServiceSkeleton.client(w, f, "service " + fullName, serviceType, () -> {
                for (ProtoMethod method : service.methods()) {
                    ServiceSkeleton.override(w, f, signature(f, method, true),
                        clientCall(method, descriptor, names.clientClass() + ".this.client", false));
                    w.blank();
                }
            }, () -> {
                for (ProtoMethod method : service.methods()) {
                    w.blank();
                    ServiceSkeleton.override(w, f, signature(f, method, false),
                        clientCall(method, descriptor, "this.client", true));
                }
            });
            return f.render(Context.header(file.name()), w.toString());
        }

        /** The statement of a client method: the {@code KitexClient} call of the method's kind. */
        private String clientCall(ProtoMethod method, String descriptor, String client, boolean blocking) {
            String target = descriptor + "." + names.constants().get(method);
            if (method.clientStreaming()) {
                return "return " + client + "." + kind(method) + "Call(" + target + ", responseObserver);";
            }
            if (method.serverStreaming()) {
                return client + ".serverStreamingCall(" + target + ", request, responseObserver);";
            }
            return "return " + client + (blocking ? ".callBlocking(" : ".call(") + target + ", request);";
        }
    }
}
