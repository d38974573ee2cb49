package io.cloudwego.kitex.codegen.java;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.codegen.ThriftCompiler;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** echo.thrift generated, compiled and run end to end with kitex-core over every transport. */
class EchoEndToEndTest {
    static final Path ECHO = Path.of("../kitex-samples/echo/src/main/thrift/echo.thrift");

    @Test
    void generatedEchoServiceServesAndCalls(@TempDir Path dir) throws ReflectiveOperationException {
        Map<String, String> sources = ThriftCompiler.builder().input(ECHO)
            .packageOverride("io.cloudwego.kitex.samples.echo").build().generate();
        String pkg = "io/cloudwego/kitex/samples/echo/";
        assertThat(sources).containsOnlyKeys(pkg + "EchoRequest.java", pkg + "EchoResponse.java", pkg + "EchoService.java",
            pkg + "EchoServiceDescriptor.java", pkg + "EchoServiceClient.java");
        Map<String, String> withDriver = new TreeMap<>(sources);
        withDriver.put("test/driver/EchoDriver.java", JavaCompilation.resource("/drivers/test/driver/EchoDriver.java"));
        try (var loader = JavaCompilation.loader(JavaCompilation.compile(withDriver, dir))) {
            ((Runnable) Class.forName("test.driver.EchoDriver", true, loader).getConstructor().newInstance()).run();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
