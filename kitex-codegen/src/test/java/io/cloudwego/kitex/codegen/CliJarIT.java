package io.cloudwego.kitex.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.codegen.scaffold.Scaffold;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code target/kitex-codegen.jar}, run as {@code java -jar} in its own JVM with nothing else on its class path. */
class CliJarIT {
    private static final Path JAR = Path.of(System.getProperty("kitex.codegen.jar", "target/kitex-codegen.jar"));

    private record Run(int status, String out, String err) {
    }

    private static Run javaJar(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("java -jar finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void manifestNamesMainAndNoClassPath() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes attributes = jar.getManifest().getMainAttributes();
            assertThat(attributes.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo(Main.class.getName());
            assertThat(attributes.getValue(Attributes.Name.CLASS_PATH)).isNull();
        }
    }

    @Test
    void generatesFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path idl = Path.of(CliJarIT.class.getResource("/idl/all.thrift").toURI());
        Run run = javaJar(dir, "-I", idl.getParent().resolve("inc").toString(), "-out", "gen",
            "-package", "com.example.gen", idl.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualToIgnoringNewLines("kitex-codegen: 33 files");
        Path client = dir.resolve("gen/com/example/gen/ItemServiceClient.java");
        assertThat(Files.readString(client, StandardCharsets.UTF_8)).startsWith(ThriftCompiler.GENERATED_MARKER);
        try (Stream<Path> files = Files.walk(dir.resolve("gen"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(33);
        }
    }

    @Test
    void newCreatesAProjectWithTheResourcesOfTheJar(@TempDir Path dir) throws Exception {
        Files.copy(TestIdl.ECHO, dir.resolve("echo.thrift"));
        Run run = javaJar(dir, "new", "--service", "echo", "--idl", "echo.thrift");
        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("kitex-codegen: created com.example:echo (package com.example.echo) in echo, 11 files");
        assertThat(Files.readString(dir.resolve("echo/pom.xml")))
            .contains("<kitex.version>" + Scaffold.kitexVersion() + "</kitex.version>").doesNotContain("${project.version}");
        assertThat(dir.resolve("echo/mvnw")).isExecutable().hasSameBinaryContentAs(Path.of("../mvnw"));
        assertThat(dir.resolve("echo/.mvn/wrapper/maven-wrapper.properties"))
            .hasSameBinaryContentAs(Path.of("../.mvn/wrapper/maven-wrapper.properties"));
        assertThat(javaJar(dir, "new", "--service", "echo", "--idl", "echo.thrift").status()).isEqualTo(2);
    }

    @Test
    void badIdlExitsWithItsPosition(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.thrift"), "struct A {\n  1: Missing m\n}\n");
        Run run = javaJar(dir, "-out", "gen", "bad.thrift");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualToIgnoringNewLines("bad.thrift:2:6: unknown type 'Missing'");
        assertThat(dir.resolve("gen")).doesNotExist();
        assertThat(javaJar(dir).status()).isEqualTo(2);
    }
}
