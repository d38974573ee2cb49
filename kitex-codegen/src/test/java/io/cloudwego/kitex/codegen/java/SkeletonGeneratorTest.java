package io.cloudwego.kitex.codegen.java;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.codegen.TestIdl;
import io.cloudwego.kitex.codegen.thrift.IdlLoader;
import io.cloudwego.kitex.codegen.thrift.Program;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkeletonGeneratorTest {
    private static SkeletonGenerator.Skeleton skeleton(Program program, String pkg, String idlName) {
        SourceFile idl = program.files().stream().filter(f -> f.path().getFileName().toString().equals(idlName))
            .findFirst().orElseThrow();
        return new SkeletonGenerator(program, pkg).generate(idl, "Echo", "echo");
    }

    /** The skeleton and the code generated from the same program, compiled together with -Xlint:all -Werror. */
    private static void compiles(Program program, String pkg, SkeletonGenerator.Skeleton skeleton, Path dir) {
        Map<String, String> sources = new TreeMap<>(new JavaGenerator(program, pkg, null).generate());
        sources.putAll(skeleton.mainSources());
        sources.putAll(skeleton.testSources());
        JavaCompilation.compile(sources, dir);
    }

    private static Program load(Path dir, String idl) throws IOException {
        Path file = dir.resolve("idl.thrift");
        Files.writeString(file, idl);
        return IdlLoader.load(List.of(file), List.of());
    }

    @Test
    void echo(@TempDir Path dir) {
        Program program = IdlLoader.load(List.of(TestIdl.ECHO), List.of());
        SkeletonGenerator.Skeleton skeleton = skeleton(program, "com.example.echo", "echo.thrift");
        assertThat(skeleton.applicationClass()).isEqualTo("EchoApplication");
        assertThat(skeleton.testClass()).isEqualTo("EchoApplicationTests");
        assertThat(skeleton.implementationClasses()).containsExactly("EchoServiceImpl");
        assertThat(skeleton.mainSources()).containsOnlyKeys(
            "com/example/echo/EchoApplication.java", "com/example/echo/EchoServiceImpl.java");
        assertThat(skeleton.mainSources().get("com/example/echo/EchoApplication.java")).isEqualTo("""
            package com.example.echo;

            import org.springframework.boot.SpringApplication;
            import org.springframework.boot.autoconfigure.SpringBootApplication;

            /** Serves the services of echo.thrift ({@link EchoServiceImpl}) on {@code kitex.server.port}. */
            @SpringBootApplication
            public class EchoApplication {

                public static void main(String[] args) {
                    SpringApplication.run(EchoApplication.class, args);
                }
            }
            """);
        assertThat(skeleton.mainSources().get("com/example/echo/EchoServiceImpl.java")).isEqualTo("""
            package com.example.echo;

            import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;

            /**
             * Serves {@code service EchoService} of echo.thrift.
             * Every method throws {@link UnsupportedOperationException} until it is implemented.
             */
            @KitexService
            public class EchoServiceImpl implements EchoService {

                @Override
                public EchoResponse echo(EchoRequest req) {
                    throw new UnsupportedOperationException("EchoService.echo is not implemented");
                }

                @Override
                public void fire(EchoRequest req) {
                    throw new UnsupportedOperationException("EchoService.fire is not implemented");
                }
            }
            """);
        assertThat(skeleton.testSources()).containsOnlyKeys("com/example/echo/EchoApplicationTests.java");
        assertThat(skeleton.testSources().get("com/example/echo/EchoApplicationTests.java")).isEqualTo("""
            package com.example.echo;

            import io.cloudwego.kitex.errors.RemoteApplicationException;
            import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
            import org.assertj.core.api.Assertions;
            import org.junit.jupiter.api.Test;
            import org.springframework.boot.test.context.SpringBootTest;

            /**
             * Starts the application with its Kitex server on a free port and calls every service through a client,
             * as another application would. The methods are not implemented yet, and these tests expect
             * exactly that: change them as you implement the methods.
             */
            @SpringBootTest(properties = {
                "kitex.server.port=0",
                "kitex.client.services.echo.addresses=127.0.0.1:${local.kitex.server.port}"
            })
            class EchoApplicationTests {

                @KitexClient("echo")
                EchoService echoService;

                @Test
                void echoServiceEchoIsNotImplemented() {
                    Assertions.assertThatThrownBy(() -> echoService.echo(EchoRequest.builder().message("hello").build()))
                        .isInstanceOf(RemoteApplicationException.class)
                        .hasMessageContaining("EchoService.echo is not implemented");
                }
            }
            """);
        compiles(program, "com.example.echo", skeleton, dir);
    }

    @Test
    void everyShapeOfServiceCompiles(@TempDir Path dir) {
        Program all = GeneratedCode.loadAll();
        SkeletonGenerator.Skeleton skeleton = skeleton(all, "com.example.all", "all.thrift");
        assertThat(skeleton.implementationClasses()).containsExactly("ItemServiceImpl", "AuditServiceImpl");
        String audit = skeleton.mainSources().get("com/example/all/AuditServiceImpl.java");
        assertThat(audit).contains("public class AuditServiceImpl implements AuditService {")
            .contains("\"AuditService.ping is not implemented\"");
        assertThat(skeleton.mainSources().get("com/example/all/EchoApplication.java"))
            .as("all.thrift has a struct String").contains("public static void main(java.lang.String[] args) {");
        compiles(all, "com.example.all", skeleton, dir.resolve("all"));

        Program edge = IdlLoader.load(List.of(JavaCompilation.resourcePath("/idl/edge/edge.thrift")), List.of());
        SkeletonGenerator.Skeleton edgeSkeleton = skeleton(edge, "com.example.edge", "edge.thrift");
        String test = edgeSkeleton.testSources().get("com/example/edge/EchoApplicationTests.java");
        assertThat(test)
            .contains("void onlyOnewayGoIsSent() {\n        Assertions.assertThatCode(() -> onlyOneway.go()).doesNotThrowAnyException();")
            .contains("void childNothingIsNotImplemented() {")
            .doesNotContain("void emptyService");
        compiles(edge, "com.example.edge", edgeSkeleton, dir.resolve("edge"));
    }

    @Test
    void classNamesStayClearOfGeneratedTypes(@TempDir Path dir) throws IOException {
        Program program = load(dir, """
            struct EchoApplication { 1: i32 x }
            struct echoserviceimpl { 1: i32 y }
            service EchoService { void call(1: EchoApplication a, 2: echoserviceimpl b) }
            service class { void run() }
            """);
        SkeletonGenerator.Skeleton skeleton = skeleton(program, "com.example.echo", "idl.thrift");
        assertThat(skeleton.applicationClass()).isEqualTo("EchoApplication_");
        assertThat(skeleton.implementationClasses()).containsExactly("EchoServiceImpl_", "class_Impl");
        assertThat(skeleton.testSources().get("com/example/echo/EchoApplicationTests.java"))
            .contains("EchoService echoService;").contains("class_ class__;");
        compiles(program, "com.example.echo", skeleton, dir.resolve("out"));
    }

    @Test
    void testArgumentsAreValuesThatBuild(@TempDir Path dir) throws IOException {
        Program program = load(dir, """
            enum Color { RED = 2, BLUE = 3 }
            struct Inner { 1: required i64 id; 2: string note; 3: required Color color; 4: required i32 n = 7 }
            union Pick { 1: Loop loop; 2: binary raw }
            struct Loop { 1: required Loop next }
            struct Request {
              1: required Inner inner
              2: required list<Inner> items
              3: required map<string, i16> counts
              4: required Pick pick
              5: required uuid id
              6: optional Loop loop
            }
            service Api {
              i32 call(1: Request req, 2: bool flag, 3: byte b, 4: double d, 5: set<string> tags)
              void spin(1: Loop loop)
            }
            """);
        String test = skeleton(program, "com.example.api", "idl.thrift").testSources()
            .get("com/example/api/EchoApplicationTests.java");
        assertThat(test).contains("api.call(Request.builder()"
            + ".inner(Inner.builder().id(0L).color(Color.RED).build())"
            + ".items(List.of()).counts(Map.of()).pick(Pick.raw(ByteBuffer.wrap(new byte[0])))"
            + ".id(new UUID(0L, 0L)).build(), false, (byte) 0, 0.0, Set.of())");
        compiles(program, "com.example.api", skeleton(program, "com.example.api", "idl.thrift"), dir.resolve("out"));
    }
}
