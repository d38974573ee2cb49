package io.cloudwego.kitex.codegen.java;

import java.util.List;

/**
 * The parts of a service's generated files that do not depend on its IDL: the interface with its
 * nested {@code Async} form and {@code DESCRIPTOR}s, the descriptor class's factories, and the
 * client class around its methods. The Thrift and Protobuf generators fill in the methods.
 */
final class ServiceSkeleton {
    static final String SERVICE_DESCRIPTOR = "io.cloudwego.kitex.serviceinfo.ServiceDescriptor";
    static final String KITEX_CLIENT = "io.cloudwego.kitex.client.KitexClient";
    static final String FUTURE = "java.util.concurrent.CompletableFuture";

    private ServiceSkeleton() {
    }

    /** The nested asynchronous interface's name: {@code Async}, unless the service itself is named so. */
    static String asyncName(String serviceClass) {
        return serviceClass.equals("Async") ? "Async_" : "Async";
    }

    static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /**
     * The service interface: {@code DESCRIPTOR}, the methods {@code blocking} writes, then the nested
     * {@code Async} interface with its {@code DESCRIPTOR} and the methods {@code async} writes.
     *
     * @param parent the parent interface's name as written in {@code f}, or {@code null}
     */
    static void serviceInterface(CodeWriter w, JavaFile f, String doc, String descriptorClass, String parent,
                                 Runnable blocking, Runnable async) {
        String name = f.className();
        String asyncName = asyncName(name);
        w.doc(doc);
        w.line("public interface " + name + (parent == null ? "" : " extends " + parent) + " {");
        w.doc("The IDL name, methods and codecs of the service, for servers of blocking implementations and for clients.");
        w.line(f.t(SERVICE_DESCRIPTOR) + "<" + name + "> DESCRIPTOR = " + f.t(descriptorClass) + ".create();");
        blocking.run();
        w.blank();
        w.doc("The asynchronous form of the service, for callers and for non-blocking implementations\n"
            + "(served with {@code " + asyncName + ".DESCRIPTOR}).");
        w.line("interface " + asyncName + (parent == null ? "" : " extends " + parent + "."
            + asyncName(simple(parent))) + " {");
        w.doc("The service descriptor for asynchronous implementations.");
        w.line(f.t(SERVICE_DESCRIPTOR) + "<" + asyncName + "> DESCRIPTOR = " + f.t(descriptorClass)
            + ".createAsync();");
        async.run();
        w.line("}");
        w.line("}");
    }

    /**
     * The end of a descriptor class: its private constructor and the {@code create()} and
     * {@code createAsync()} factories of the interfaces' {@code DESCRIPTOR}s, which call
     * {@code ServiceDescriptor.<factory>(<names>, <type>.class, <methods>)}.
     *
     * @param names the arguments before the class, which name the service
     * @param methods the arguments after it for the blocking interface, as written in {@code f}
     * @param asyncMethods those for the {@code Async} interface
     */
    static void descriptorFactories(CodeWriter w, JavaFile f, String factory, List<String> names, String serviceType,
                                    List<String> methods, List<String> asyncMethods) {
        String sd = f.t(SERVICE_DESCRIPTOR);
        String asyncType = serviceType + "." + asyncName(simple(serviceType));
        String leading = String.join(", ", names);
        w.line("private " + f.className() + "() {");
        w.line("}");
        w.blank();
        w.line("static " + sd + "<" + serviceType + "> create() {");
        w.line("return " + sd + "." + factory + "(" + leading + ", " + serviceType + ".class"
            + methods.stream().map(c -> ", " + c).reduce("", String::concat) + ");");
        w.line("}");
        w.blank();
        w.line("static " + sd + "<" + asyncType + "> createAsync() {");
        w.line("return " + sd + "." + factory + "(" + leading + ", " + asyncType + ".class"
            + asyncMethods.stream().map(c -> ",\n        " + c).reduce("", String::concat) + ");");
        w.line("}");
        w.line("}");
    }

    /**
     * The client class of the service interface {@code serviceType}: over a {@code KitexClient},
     * implementing the interface with the methods {@code blocking} writes and its {@code Async} form
     * with those {@code async} writes (as members of an anonymous class, where the client is
     * {@code <Client>.this.client}).
     */
    static void client(CodeWriter w, JavaFile f, String idlService, String serviceType, Runnable async,
                       Runnable blocking) {
        String name = f.className();
        String asyncType = serviceType + "." + asyncName(simple(serviceType));
        String kitexClient = f.t(KITEX_CLIENT);
        w.doc("Calls {@code " + idlService + "} through a {@link " + kitexClient
            + "}, blocking or asynchronously ({@link #async()}).");
        w.line("public final class " + name + " implements " + serviceType + ", " + f.t("java.lang.AutoCloseable") + " {");
        w.line("private final " + kitexClient + " client;");
        w.line("private final " + asyncType + " async;");
        w.blank();
        w.doc("A client calling through {@code client}, built for {@link " + serviceType + "#DESCRIPTOR}.");
        w.line("public " + name + "(" + kitexClient + " client) {");
        w.line("this.client = client;");
        w.line("this.async = new " + asyncType + "() {");
        async.run();
        w.line("};");
        w.line("}");
        w.blank();
        w.doc("A builder of a {@link " + kitexClient + "} for the service named {@code serviceName}.");
        w.line("public static " + kitexClient + ".Builder builder(" + f.t("java.lang.String") + " serviceName) {");
        w.line("return " + kitexClient + ".builder(serviceName, " + serviceType + ".DESCRIPTOR);");
        w.line("}");
        blocking.run();
        w.blank();
        w.doc("The asynchronous form of this client.");
        w.line("public " + asyncType + " async() {");
        w.line("return this.async;");
        w.line("}");
        w.blank();
        w.doc("The client underneath.");
        w.line("public " + kitexClient + " kitexClient() {");
        w.line("return this.client;");
        w.line("}");
        w.blank();
        w.line("@" + f.t("java.lang.Override"));
        w.line("public void close() {");
        w.line("this.client.close();");
        w.line("}");
        w.line("}");
    }

    /** An {@code @Override} method of one statement. */
    static void override(CodeWriter w, JavaFile f, String signature, String statement) {
        w.line("@" + f.t("java.lang.Override"));
        w.line("public " + signature + " {");
        w.line(statement);
        w.line("}");
    }
}
