package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.java.CodecEmitter.FieldSpec;
import io.cloudwego.kitex.codegen.thrift.Requiredness;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.ResolvedMethod;
import io.cloudwego.kitex.codegen.thrift.ResolvedService;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates, per service: the interface (blocking methods, a nested {@code Async} interface and the
 * {@code DESCRIPTOR}s), the descriptor class (args and result codecs, one {@code MethodDescriptor}
 * per method, inherited ones included) and the client class. Methods annotated {@code streaming.mode}
 * are generated as {@link StreamingMethods} are: a {@code MessageCodec} per struct they carry and a
 * {@code StreamingMethodDescriptor} each, in a {@code ServiceDescriptor.thrift}.
 */
final class ServiceGenerator {
    private static final String METHOD_DESCRIPTOR = "io.cloudwego.kitex.serviceinfo.MethodDescriptor";
    private static final String RESULT_CODEC = "io.cloudwego.kitex.serviceinfo.ResultCodec";
    private static final String FUTURE = ServiceSkeleton.FUTURE;

    private final Context cx;

    ServiceGenerator(Context cx) {
        this.cx = cx;
    }

    /** The name of the service interface's nested asynchronous interface. */
    String asyncName(ResolvedService service) {
        return ServiceSkeleton.asyncName(cx.naming.className(service));
    }

    private static String simple(String qualified) {
        return ServiceSkeleton.simple(qualified);
    }

    private String paramType(JavaFile f, ResolvedField param) {
        return cx.types.java(param.type(), f, param.requiredness() == Requiredness.OPTIONAL);
    }

    /** {@code type name, …} of a method's parameters. */
    private String paramList(JavaFile f, ResolvedMethod method) {
        List<String> params = new ArrayList<>();
        List<String> names = cx.naming.methodNames(method).params();
        for (int i = 0; i < names.size(); i++) {
            params.add(paramType(f, method.params().get(i)) + " " + names.get(i));
        }
        return String.join(", ", params);
    }

    private String argsType(JavaFile f, ResolvedMethod method) {
        switch (method.params().size()) {
            case 0:
                return f.t("java.lang.Void");
            case 1:
                return cx.types.java(method.params().get(0).type(), f, true);
            default:
                return f.t(cx.naming.descriptorClass(cx.naming.declaringService(method))) + "."
                    + cx.naming.methodNames(method).argsRecord();
        }
    }

    /**
     * A method of the blocking service interface, without {@code throws}: {@code ReturnType name(Type
     * param, …)}, or for a streaming method, that of a Protobuf {@code rpc} of its kind.
     */
    String blockingSignature(JavaFile f, ResolvedMethod method) {
        if (method.streaming()) {
            return StreamingMethods.signature(f, streamingMethod(cx.naming.declaringService(method), method), false);
        }
        String returnType = method.returnType() == null ? "void" : cx.types.java(method.returnType(), f, false);
        return returnType + " " + cx.naming.methodNames(method).name() + "(" + paramList(f, method) + ")";
    }

    private String resultType(JavaFile f, ResolvedMethod method) {
        return method.returnType() == null ? f.t("java.lang.Void") : cx.types.java(method.returnType(), f, true);
    }

    /** The args value built from the method's parameters, as the client passes it. */
    private String argsValue(JavaFile f, ResolvedMethod method) {
        List<String> names = cx.naming.methodNames(method).params();
        switch (names.size()) {
            case 0:
                return "null";
            case 1:
                return names.get(0);
            default:
                return "new " + argsType(f, method) + "(" + String.join(", ", names) + ")";
        }
    }

    /** {@code service.m(args…)}: the implementation called with the args value {@code args}. */
    private String call(ResolvedMethod method) {
        Naming.MethodNames names = cx.naming.methodNames(method);
        String args;
        switch (names.params().size()) {
            case 0:
                args = "";
                break;
            case 1:
                args = "args";
                break;
            default:
                args = String.join(", ", names.params().stream().map(p -> "args." + p + "()").toList());
        }
        return "service." + names.name() + "(" + args + ")";
    }

    /**
     * A method annotated {@code streaming.mode} as its constant in {@code service}'s descriptor class
     * describes it: a method of {@code service}, declared there or inherited.
     */
    private StreamingMethods.Method streamingMethod(ResolvedService service, ResolvedMethod method) {
        Map<ResolvedStruct, String> codecs = cx.naming.messageCodecs(service);
        Type request = method.params().get(0).type();
        return new StreamingMethods.Method(
            StreamingMethods.MethodKind.of(method.streamingMode().clientStreaming(), method.streamingMode().serverStreaming()),
            "{@code " + method.name() + "}" + (service.methods().contains(method) ? "" : ", inherited"),
            method.def().doc(), service.file().grpcPackage() + "." + service.name() + "/" + method.name(),
            cx.naming.methodNames(method).name(), cx.naming.descriptorConstant(service, method),
            f -> cx.types.java(request, f, false), f -> cx.types.java(method.returnType(), f, false),
            codecs.get(((Type.StructRef) request).struct()),
            codecs.get(((Type.StructRef) method.returnType()).struct()));
    }

    /** {@code List.of(item, …)}, the items separated by {@code separator}. */
    private static String listOf(JavaFile f, List<String> items, String separator) {
        return f.t("java.util.List") + ".of(" + String.join(separator, items) + ")";
    }

    private static boolean hasStreaming(ResolvedService service) {
        return service.allMethods().stream().anyMatch(ResolvedMethod::streaming);
    }

    private String codecConstant(JavaFile f, ResolvedMethod method, String suffix) {
        return f.t(cx.naming.descriptorClass(cx.naming.declaringService(method))) + "."
            + cx.naming.methodNames(method).constant() + suffix;
    }

    String generateInterface(ResolvedService service) {
        String name = cx.naming.className(service);
        JavaFile f = cx.file(service.file(), name, Set.of(asyncName(service)));
        ResolvedService parent = service.parent();
        CodeWriter w = new CodeWriter();
        String doc = Context.doc(service.def().doc(), "{@code service " + service.name() + "} of "
            + service.file().relativePath() + ".");
        ServiceSkeleton.serviceInterface(w, f, doc, cx.naming.descriptorClass(service),
            parent == null ? null : f.t(cx.naming.qualified(parent)), () -> {
                for (ResolvedMethod method : service.methods()) {
                    if (method.streaming()) {
                        StreamingMethods.declare(w, f, streamingMethod(service, method), false);
                        continue;
                    }
                    w.blank();
                    w.doc(Context.doc(method.def().doc(), method.oneway()
                        ? "Oneway: the caller does not wait, and the server answers nothing." : null));
                    Set<String> thrown = new LinkedHashSet<>();
                    for (ResolvedField exception : method.exceptions()) {
                        thrown.add(cx.types.java(exception.type(), f, false));
                    }
                    w.line(blockingSignature(f, method)
                        + (thrown.isEmpty() ? "" : " throws " + String.join(", ", thrown)) + ";");
                }
            }, () -> {
                for (ResolvedMethod method : service.methods()) {
                    if (method.streaming()) {
                        StreamingMethods.declare(w, f, streamingMethod(service, method), true);
                        continue;
                    }
                    w.blank();
                    w.doc(Context.escape(method.def().doc()));
                    w.line(f.t(FUTURE) + "<" + resultType(f, method) + "> " + cx.naming.methodNames(method).name() + "("
                        + paramList(f, method) + ");");
                }
            });
        return f.render(Context.header(service.file()), w.toString());
    }

    String generateDescriptor(ResolvedService service) {
        String name = simple(cx.naming.descriptorClass(service));
        Set<String> records = new LinkedHashSet<>();
        for (ResolvedMethod method : service.methods()) {
            if (method.params().size() > 1) {
                records.add(cx.naming.methodNames(method).argsRecord());
            }
        }
        JavaFile f = cx.file(service.file(), name, records);
        CodeWriter w = new CodeWriter();
        w.doc("The args and result codecs and the method descriptors of {@code service " + service.name() + "}.");
        w.line("public final class " + name + " {");
        for (ResolvedMethod method : service.methods()) {
            if (method.streaming()) {
                continue;
            }
            argsRecord(w, f, method);
            argsCodec(w, f, method);
            if (!method.oneway()) {
                resultCodec(w, f, method);
            }
        }
        for (Map.Entry<ResolvedStruct, String> codec : cx.naming.messageCodecs(service).entrySet()) {
            String type = cx.types.java(new Type.StructRef(codec.getKey()), f, false);
            StreamingMethods.codecConstant(w, f, type, codec.getValue(), "thrift(" + type + ".CODEC)",
                "Writes and reads {@code " + codec.getKey().name() + "} alone, as Thrift over gRPC carries it.");
        }
        String serviceType = f.t(cx.naming.qualified(service));
        String asyncType = serviceType + "." + asyncName(service);
        List<String> constants = new ArrayList<>();
        List<String> asyncDescriptors = new ArrayList<>();
        List<String> streamingConstants = new ArrayList<>();
        List<String> asyncStreamingDescriptors = new ArrayList<>();
        for (ResolvedMethod method : service.allMethods()) {
            if (method.streaming()) {
                StreamingMethods.Method streaming = streamingMethod(service, method);
                streamingConstants.add(streaming.constant());
                asyncStreamingDescriptors.add(StreamingMethods.descriptorConstant(w, f, streaming, serviceType));
                continue;
            }
            String constant = cx.naming.descriptorConstant(service, method);
            constants.add(constant);
            w.doc("{@code " + method.name() + "}" + (service.methods().contains(method) ? "" : ", inherited") + ".");
            w.line("public static final " + f.t(METHOD_DESCRIPTOR) + "<" + serviceType + ", " + argsType(f, method)
                + ", " + resultType(f, method) + "> " + constant + " = " + methodDescriptor(f, method, false) + ";");
            w.blank();
            asyncDescriptors.add(f.t(METHOD_DESCRIPTOR) + ".<" + asyncType + ", " + argsType(f, method)
                + (method.oneway() ? "" : ", " + resultType(f, method)) + ">" + methodDescriptor(f, method, true).substring(
                    f.t(METHOD_DESCRIPTOR).length() + 1));
        }
        String idlName = ValueEmitter.quote(service.name());
        if (hasStreaming(service)) {
            ServiceSkeleton.descriptorFactories(w, f, "thrift",
                List.of(ValueEmitter.quote(service.file().grpcPackage()), idlName), serviceType,
                List.of(listOf(f, constants, ", "), listOf(f, streamingConstants, ", ")),
                List.of(listOf(f, asyncDescriptors, ",\n        "), listOf(f, asyncStreamingDescriptors, ",\n        ")));
        } else {
            ServiceSkeleton.descriptorFactories(w, f, "of", List.of(idlName), serviceType, constants, asyncDescriptors);
        }
        return f.render(Context.header(service.file()), w.toString());
    }

    private String methodDescriptor(JavaFile f, ResolvedMethod method, boolean async) {
        String md = f.t(METHOD_DESCRIPTOR);
        String future = f.t(FUTURE);
        String invoker;
        if (async) {
            invoker = "(service, args) -> " + call(method);
        } else if (method.returnType() == null) {
            invoker = "(service, args) -> {\n    " + call(method) + ";\n    return " + future
                + ".completedFuture(null);\n}";
        } else {
            invoker = "(service, args) -> " + future + ".completedFuture(" + call(method) + ")";
        }
        String name = ValueEmitter.quote(method.name());
        if (method.oneway()) {
            return md + ".oneway(" + name + ", " + codecConstant(f, method, "_ARGS") + ", " + invoker + ")";
        }
        return md + ".of(" + name + ", " + codecConstant(f, method, "_ARGS") + ", "
            + codecConstant(f, method, "_RESULT") + ", " + invoker + ")";
    }

    private void argsRecord(CodeWriter w, JavaFile f, ResolvedMethod method) {
        if (method.params().size() < 2) {
            return;
        }
        w.doc("The arguments of {@code " + method.name() + "}.");
        w.line("public record " + cx.naming.methodNames(method).argsRecord() + "(" + paramList(f, method) + ") {");
        w.line("}");
        w.blank();
    }

    private void argsCodec(CodeWriter w, JavaFile f, ResolvedMethod method) {
        Naming.MethodNames names = cx.naming.methodNames(method);
        String argsType = argsType(f, method);
        String codec = f.t(CodecEmitter.CODEC);
        w.doc("Writes and reads {@code " + method.name() + "_args}.");
        w.line("public static final " + codec + "<" + argsType + "> " + names.constant() + "_ARGS = new " + codec
            + "<>() {");
        w.line("@" + f.t("java.lang.Override"));
        w.line("public void write(" + f.t(CodecEmitter.WRITER) + " out, " + argsType + " value) {");
        List<FieldSpec> specs = new ArrayList<>();
        for (int i = 0; i < method.params().size(); i++) {
            ResolvedField param = method.params().get(i);
            String paramName = names.params().get(i);
            FieldSpec spec = new FieldSpec(param.id(), param.type(), "f_" + paramName, false);
            specs.add(spec);
            String expr = method.params().size() == 1 ? "value" : "value." + paramName + "()";
            boolean nullable = method.params().size() == 1 || Naming.nullable(param);
            cx.codec.writeField(w, f, spec, expr, nullable);
        }
        w.line("out.writeFieldStop();");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public " + argsType + " read(" + f.t(CodecEmitter.READER) + " in) {");
        for (int i = 0; i < method.params().size(); i++) {
            ResolvedField param = method.params().get(i);
            boolean boxed = param.requiredness() == Requiredness.OPTIONAL;
            String initial = param.defaultValue() != null ? cx.values.expr(f, param.type(), param.defaultValue(), false)
                : boxed ? "null" : Types.zero(param.type());
            w.line(paramType(f, param) + " " + specs.get(i).local() + " = " + initial + ";");
        }
        cx.codec.readLoop(w, f, specs, (spec, value) -> w.line(spec.local() + " = " + value + ";"));
        switch (specs.size()) {
            case 0:
                w.line("return null;");
                break;
            case 1:
                w.line("return " + specs.get(0).local() + ";");
                break;
            default:
                w.line("return new " + argsType + "(" + String.join(", ", specs.stream().map(FieldSpec::local).toList())
                    + ");");
        }
        w.line("}");
        w.line("};");
        w.blank();
    }

    private void resultCodec(CodeWriter w, JavaFile f, ResolvedMethod method) {
        Naming.MethodNames names = cx.naming.methodNames(method);
        String resultType = resultType(f, method);
        String idlException = f.t("io.cloudwego.kitex.errors.IdlException");
        String codec = f.t(RESULT_CODEC);
        w.doc("Writes and reads {@code " + method.name() + "_result}: field 0 the success value, then the declared"
            + " exceptions.");
        w.line("public static final " + codec + "<" + resultType + "> " + names.constant() + "_RESULT = new " + codec
            + "<>() {");
        List<String> exceptionTypes = new ArrayList<>();
        for (ResolvedField exception : method.exceptions()) {
            exceptionTypes.add(cx.types.java(exception.type(), f, false));
        }
        w.line("@" + f.t("java.lang.Override"));
        w.line("public boolean declares(" + f.t("java.lang.Throwable") + " error) {");
        w.line("return " + (exceptionTypes.isEmpty() ? "false" : String.join(" || ",
            exceptionTypes.stream().map(t -> "error instanceof " + t).toList())) + ";");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public void writeSuccess(" + f.t(CodecEmitter.WRITER) + " out, " + resultType + " success) {");
        FieldSpec success = method.returnType() == null ? null : new FieldSpec(0, method.returnType(), "f_success", false);
        if (success != null) {
            cx.codec.writeField(w, f, success, "success", true);
        }
        w.line("out.writeFieldStop();");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public void writeException(" + f.t(CodecEmitter.WRITER) + " out, " + idlException + " error) {");
        List<FieldSpec> specs = new ArrayList<>();
        if (success != null) {
            specs.add(success);
        }
        for (int i = 0; i < method.exceptions().size(); i++) {
            ResolvedField exception = method.exceptions().get(i);
            FieldSpec spec = new FieldSpec(exception.id(), exception.type(), "f_error", false);
            specs.add(spec);
            w.line((i == 0 ? "" : "} else ") + "if (error instanceof " + exceptionTypes.get(i) + " x" + i + ") {");
            cx.codec.writeField(w, f, spec, "x" + i, false);
        }
        if (!method.exceptions().isEmpty()) {
            w.line("} else {");
        }
        w.line("throw new " + f.t("java.lang.IllegalArgumentException") + "(\"" + method.name()
            + " does not declare \" + error.getClass().getName(), error);");
        if (!method.exceptions().isEmpty()) {
            w.line("}");
            w.line("out.writeFieldStop();");
        }
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public " + resultType + " read(" + f.t(CodecEmitter.READER) + " in) {");
        if (success != null) {
            w.line(resultType + " f_success = null;");
        }
        boolean declaresExceptions = !method.exceptions().isEmpty();
        if (declaresExceptions) {
            w.line(idlException + " f_error = null;");
        }
        cx.codec.readLoop(w, f, specs, (spec, value) -> w.line(spec.local() + " = " + value + ";"));
        if (declaresExceptions) {
            w.line("if (f_error != null) {");
            w.line("throw f_error;");
            w.line("}");
        }
        if (success == null) {
            w.line("return null;");
        } else {
            String rae = f.t("io.cloudwego.kitex.errors.RemoteApplicationException");
            w.line("if (f_success == null) {");
            w.line("throw new " + rae + "(" + rae + ".MISSING_RESULT, \"" + method.name()
                + " failed: unknown result\");");
            w.line("}");
            w.line("return f_success;");
        }
        w.line("}");
        w.line("};");
        w.blank();
    }

    String generateClient(ResolvedService service) {
        String name = simple(cx.naming.clientClass(service));
        JavaFile f = cx.file(service.file(), name, Set.of(asyncName(service)));
        String serviceType = f.t(cx.naming.qualified(service));
        String descriptor = f.t(cx.naming.descriptorClass(service));
        CodeWriter w = new CodeWriter();
        ServiceSkeleton.client(w, f, "service " + service.name(), serviceType, () -> {
            for (ResolvedMethod method : service.allMethods()) {
                if (method.streaming()) {
                    StreamingMethods.clientMethod(w, f, streamingMethod(service, method), descriptor,
                        name + ".this.client", false);
                    w.blank();
                    continue;
                }
                ServiceSkeleton.override(w, f, f.t(FUTURE) + "<" + resultType(f, method) + "> "
                    + cx.naming.methodNames(method).name() + "(" + paramList(f, method) + ")", "return " + name
                    + ".this.client.call(" + descriptor + "." + cx.naming.descriptorConstant(service, method) + ", "
                    + argsValue(f, method) + ");");
                w.blank();
            }
        }, () -> {
            for (ResolvedMethod method : service.allMethods()) {
                w.blank();
                if (method.streaming()) {
                    StreamingMethods.clientMethod(w, f, streamingMethod(service, method), descriptor, "this.client",
                        true);
                    continue;
                }
                ServiceSkeleton.override(w, f, blockingSignature(f, method), (method.returnType() == null ? "" : "return ")
                    + "this.client.callBlocking(" + descriptor + "." + cx.naming.descriptorConstant(service, method)
                    + ", " + argsValue(f, method) + ");");
            }
        });
        return f.render(Context.header(service.file()), w.toString());
    }
}
