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
        private final List<StreamingMethods.Method> methods = new ArrayList<>();

        Generation(ProtoFile file, ProtoService service, ProtobufNaming.ServiceNames names) {
            this.file = file;
            this.service = service;
            this.names = names;
            this.fullName = file.protoPackage().isEmpty() ? service.name() : file.protoPackage() + "." + service.name();
            for (ProtoMethod method : service.methods()) {
                methods.add(new StreamingMethods.Method(
                    StreamingMethods.MethodKind.of(method.clientStreaming(), method.serverStreaming()),
                    "{@code rpc " + method.name() + "}", method.comment(), fullName + "/" + method.name(),
                    names.methods().get(method), names.constants().get(method),
                    f -> naming.message(method.inputType()).in(f), f -> naming.message(method.outputType()).in(f),
                    names.codecs().get(method.inputType()), names.codecs().get(method.outputType())));
            }
        }

        private JavaFile javaFile(String className, Set<String> memberTypes) {
            return new JavaFile(names.packageName(), className, naming.packageTypes(names.packageName()), memberTypes);
        }

        private String qualified(String className) {
            return names.packageName() + "." + className;
        }

        String serviceInterface() {
            JavaFile f = javaFile(names.serviceClass(), Set.of(ServiceSkeleton.asyncName(names.serviceClass())));
            CodeWriter w = new CodeWriter();
            String doc = Context.doc(service.comment(), "{@code service " + fullName + "} of " + file.name() + ".");
            ServiceSkeleton.serviceInterface(w, f, doc, qualified(names.descriptorClass()), null,
                () -> methods.forEach(m -> StreamingMethods.declare(w, f, m, false)),
                () -> methods.forEach(m -> StreamingMethods.declare(w, f, m, true)));
            return f.render(Context.header(file.name()), w.toString());
        }

        String descriptor() {
            JavaFile f = javaFile(names.descriptorClass(), Set.of());
            CodeWriter w = new CodeWriter();
            w.doc("The message codecs and the method descriptors of {@code service " + fullName + "}.");
            w.line("public final class " + names.descriptorClass() + " {");
            for (Map.Entry<String, String> message : names.codecs().entrySet()) {
                String type = naming.message(message.getKey()).in(f);
                StreamingMethods.codecConstant(w, f, type, message.getValue(), "of(" + type + ".parser())",
                    "Writes and reads {@code " + message.getKey().substring(1) + "}.");
            }
            String serviceType = f.t(qualified(names.serviceClass()));
            List<String> constants = new ArrayList<>();
            List<String> asyncDescriptors = new ArrayList<>();
            for (StreamingMethods.Method method : methods) {
                constants.add(method.constant());
                asyncDescriptors.add(StreamingMethods.descriptorConstant(w, f, method, serviceType));
            }
            ServiceSkeleton.descriptorFactories(w, f, "protobuf", List.of(ValueEmitter.quote(fullName)), serviceType,
                constants, asyncDescriptors);
            return f.render(Context.header(file.name()), w.toString());
        }

        String client() {
            JavaFile f = javaFile(names.clientClass(), Set.of(ServiceSkeleton.asyncName(names.serviceClass())));
            String serviceType = f.t(qualified(names.serviceClass()));
            String descriptor = f.t(qualified(names.descriptorClass()));
            CodeWriter w = new CodeWriter();
            ServiceSkeleton.client(w, f, "service " + fullName, serviceType, () -> {
                for (StreamingMethods.Method method : methods) {
                    StreamingMethods.clientMethod(w, f, method, descriptor, names.clientClass() + ".this.client", false);
                    w.blank();
                }
            }, () -> {
                for (StreamingMethods.Method method : methods) {
                    w.blank();
                    StreamingMethods.clientMethod(w, f, method, descriptor, "this.client", true);
                }
            });
            return f.render(Context.header(file.name()), w.toString());
        }
    }
}
