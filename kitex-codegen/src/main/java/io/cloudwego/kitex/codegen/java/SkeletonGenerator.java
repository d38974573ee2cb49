package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.Definition;
import io.cloudwego.kitex.codegen.thrift.Program;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.ResolvedMethod;
import io.cloudwego.kitex.codegen.thrift.ResolvedService;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import io.cloudwego.kitex.codegen.thrift.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The starting Java sources of a Spring Boot application that serves the services of one IDL file
 * with kitex-spring-boot-starter: the application class, one {@code @KitexService} implementation
 * per service whose methods throw {@link UnsupportedOperationException}, and a
 * {@code @SpringBootTest} that calls a method of every service through a {@code @KitexClient} and
 * expects exactly that (a plain one: methods annotated {@code streaming.mode} are not called).
 *
 * <p>The sources are the developer's to edit: they carry no generated-file header. They live in the
 * package of the generated types, and their class names never clash with those.
 */
public final class SkeletonGenerator {
    private static final String KITEX_SERVICE = "io.cloudwego.kitex.spring.boot.autoconfigure.KitexService";
    private static final String KITEX_CLIENT = "io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient";
    private static final String REMOTE_APPLICATION_EXCEPTION = "io.cloudwego.kitex.errors.RemoteApplicationException";

    /**
     * The sources of a skeleton.
     *
     * @param applicationClass the simple name of the {@code @SpringBootApplication} class
     * @param testClass the simple name of the {@code @SpringBootTest} class
     * @param implementationClasses the simple names of the implementations, in the IDL's service order
     * @param mainSources the application and the implementations, by path relative to the source root
     *     ({@code a/b/C.java}), sorted by path
     * @param testSources the test, by path relative to the test source root
     */
    public record Skeleton(String applicationClass, String testClass, List<String> implementationClasses,
                           Map<String, String> mainSources, Map<String, String> testSources) {
        public Skeleton {
            implementationClasses = List.copyOf(implementationClasses);
            mainSources = Collections.unmodifiableMap(new TreeMap<>(mainSources));
            testSources = Collections.unmodifiableMap(new TreeMap<>(testSources));
        }
    }

    private final Context cx;
    private final ServiceGenerator services;
    private final String packageName;

    /**
     * A generator for an application in {@code packageName}, the package every type of
     * {@code program} is generated in (kitex-maven-plugin's {@code packageName}).
     */
    public SkeletonGenerator(Program program, String packageName) {
        this.cx = new Context(new Naming(program, packageName, null));
        this.services = new ServiceGenerator(cx);
        this.packageName = Naming.javaPackage(packageName);
    }

    /**
     * The skeleton of an application serving the services of {@code idl}, a file of the program.
     *
     * @param namePrefix what the application's class names start with: {@code Echo} gives
     *     {@code EchoApplication} and {@code EchoApplicationTests}
     * @param clientName the name the test's clients are configured under, {@code kitex.client.services.<clientName>}
     */
    public Skeleton generate(SourceFile idl, String namePrefix, String clientName) {
        Set<String> taken = new HashSet<>();
        cx.naming.packageTypes(packageName).forEach(t -> taken.add(t.toLowerCase(Locale.ROOT)));
        String application = claim(taken, namePrefix + "Application");
        String test = claim(taken, namePrefix + "ApplicationTests");
        Map<String, String> sources = new TreeMap<>();
        List<String> implementations = new ArrayList<>();
        for (ResolvedService service : idl.services()) {
            String implementation = claim(taken, cx.naming.className(service) + "Impl");
            implementations.add(implementation);
            sources.put(path(implementation), implementation(service, implementation));
        }
        sources.put(path(application), application(idl, application, implementations));
        return new Skeleton(application, test, implementations, sources,
            Map.of(path(test), test(idl, test, clientName)));
    }

    private static String claim(Set<String> taken, String name) {
        while (!taken.add(name.toLowerCase(Locale.ROOT))) {
            name += "_";
        }
        return name;
    }

    private String path(String className) {
        return packageName.replace('.', '/') + "/" + className + ".java";
    }

    private JavaFile file(String className, Set<String> memberTypes) {
        return new JavaFile(packageName, className, cx.naming.packageTypes(packageName), memberTypes);
    }

    private static String notImplemented(ResolvedService service, ResolvedMethod method) {
        return service.name() + "." + method.name() + " is not implemented";
    }

    private String application(SourceFile idl, String name, List<String> implementations) {
        JavaFile f = file(name, Set.of());
        CodeWriter w = new CodeWriter();
        w.doc("Serves the services of " + Context.escape(idl.relativePath()) + " ("
            + String.join(", ", implementations.stream().map(i -> "{@link " + i + "}").toList())
            + ") on {@code kitex.server.port}.");
        w.line("@" + f.t("org.springframework.boot.autoconfigure.SpringBootApplication"));
        w.line("public class " + name + " {");
        w.blank();
        w.line("public static void main(" + f.t("java.lang.String") + "[] args) {");
        w.line(f.t("org.springframework.boot.SpringApplication") + ".run(" + name + ".class, args);");
        w.line("}");
        w.line("}");
        return f.render("", w.toString());
    }

    private String implementation(ResolvedService service, String name) {
        JavaFile f = file(name, Set.of(services.asyncName(service)));
        CodeWriter w = new CodeWriter();
        w.doc("Serves {@code service " + service.name() + "} of " + Context.escape(service.file().relativePath())
            + ".\nEvery method throws {@link UnsupportedOperationException} until it is implemented.");
        w.line("@" + f.t(KITEX_SERVICE));
        w.line("public class " + name + " implements " + f.t(cx.naming.qualified(service)) + " {");
        for (ResolvedMethod method : service.allMethods()) {
            w.blank();
            w.line("@" + f.t("java.lang.Override"));
            w.line("public " + services.blockingSignature(f, method) + " {");
            w.line("throw new " + f.t("java.lang.UnsupportedOperationException") + "("
                + ValueEmitter.quote(notImplemented(service, method)) + ");");
            w.line("}");
        }
        w.line("}");
        return f.render("", w.toString());
    }

    private String test(SourceFile idl, String name, String clientName) {
        JavaFile f = file(name, Set.of());
        CodeWriter w = new CodeWriter();
        w.doc("Starts the application with its Kitex server on a free port and calls every service through a client,\n"
            + "as another application would. The methods are not implemented yet, and these tests expect\n"
            + "exactly that: change them as you implement the methods.");
        w.line("@" + f.t("org.springframework.boot.test.context.SpringBootTest") + "(properties = {");
        w.line("\"kitex.server.port=0\",");
        w.line(ValueEmitter.quote("kitex.client.services." + clientName + ".addresses=127.0.0.1:${local.kitex.server.port}"));
        w.line("})");
        w.line("class " + name + " {");
        Set<String> members = new HashSet<>();
        List<String> fields = new ArrayList<>();
        for (ResolvedService service : idl.services()) {
            String field = claim(members, cx.naming.member(lowerFirst(cx.naming.className(service))));
            fields.add(field);
            w.blank();
            w.line("@" + f.t(KITEX_CLIENT) + "(" + ValueEmitter.quote(clientName) + ")");
            w.line(f.t(cx.naming.qualified(service)) + " " + field + ";");
        }
        for (int i = 0; i < idl.services().size(); i++) {
            ResolvedService service = idl.services().get(i);
            List<ResolvedMethod> methods = service.allMethods().stream().filter(m -> !m.streaming()).toList();
            ResolvedMethod method = methods.stream().filter(m -> !m.oneway()).findFirst()
                .orElse(methods.isEmpty() ? null : methods.get(0));
            if (method != null) {
                w.blank();
                testMethod(w, f, members, fields.get(i), service, method);
            }
        }
        w.line("}");
        return f.render("", w.toString());
    }

    private void testMethod(CodeWriter w, JavaFile f, Set<String> members, String field, ResolvedService service,
                            ResolvedMethod method) {
        String methodName = cx.naming.methodNames(method).name();
        String call = field + "." + methodName + "(" + String.join(", ", method.params().stream()
            .map(p -> Objects.requireNonNullElse(sample(f, p.type(), new HashSet<>()), "null")).toList()) + ")";
        String assertions = f.t("org.assertj.core.api.Assertions");
        w.line("@" + f.t("org.junit.jupiter.api.Test"));
        if (method.oneway()) {
            w.line("void " + claim(members, field + Context.capitalize(methodName) + "IsSent") + "() {");
            w.line(assertions + ".assertThatCode(() -> " + call + ").doesNotThrowAnyException();");
        } else {
            w.line("void " + claim(members, field + Context.capitalize(methodName) + "IsNotImplemented") + "() {");
            w.line(assertions + ".assertThatThrownBy(() -> " + call + ")");
            w.indent();
            w.line(".isInstanceOf(" + f.t(REMOTE_APPLICATION_EXCEPTION) + ".class)");
            w.line(".hasMessageContaining(" + ValueEmitter.quote(notImplemented(service, method)) + ");");
            w.dedent();
        }
        w.line("}");
    }

    /**
     * An expression of a value of {@code type} that builds: zero, {@code "hello"}, empty
     * containers, an enum's first constant, a struct with its required fields set, a union holding
     * its first field that can be built; {@code null} when none can (a struct that requires itself).
     */
    private String sample(JavaFile f, Type type, Set<ResolvedStruct> building) {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case STRING:
                    return "\"hello\"";
                case BINARY:
                    return f.t("java.nio.ByteBuffer") + ".wrap(new byte[0])";
                case UUID:
                    return "new " + f.t("java.util.UUID") + "(0L, 0L)";
                default:
                    return Types.zero(type);
            }
        }
        if (type instanceof Type.ListOf) {
            return f.t("java.util.List") + ".of()";
        }
        if (type instanceof Type.SetOf) {
            return f.t("java.util.Set") + ".of()";
        }
        if (type instanceof Type.MapOf) {
            return f.t("java.util.Map") + ".of()";
        }
        if (type instanceof Type.EnumRef ref) {
            List<Definition.EnumValue> values = ref.enumType().values();
            return values.isEmpty() ? null : f.t(cx.naming.qualified(ref.enumType())) + "."
                + cx.naming.enumConstant(ref.enumType(), values.get(0).name());
        }
        ResolvedStruct struct = ((Type.StructRef) type).struct();
        if (!building.add(struct)) {
            return null;
        }
        try {
            String className = f.t(cx.naming.qualified(struct));
            if (struct.kind() == Definition.StructKind.UNION) {
                for (ResolvedField field : struct.fields()) {
                    String value = sample(f, field.type(), building);
                    if (value != null) {
                        return className + "." + cx.naming.field(struct, field).name() + "(" + value + ")";
                    }
                }
                return null;
            }
            StringBuilder out = new StringBuilder(className).append(".builder()");
            for (ResolvedField field : struct.fields()) {
                if (Naming.required(field) && field.defaultValue() == null) {
                    String value = sample(f, field.type(), building);
                    if (value == null) {
                        return null;
                    }
                    out.append('.').append(cx.naming.field(struct, field).name()).append('(').append(value).append(')');
                }
            }
            return out.append(".build()").toString();
        } finally {
            building.remove(struct);
        }
    }

    private static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
