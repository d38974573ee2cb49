package io.cloudwego.kitex.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code kitex-codegen new}, through {@link Main}. */
class NewCommandTest {
    private static final String ECHO = TestIdl.ECHO.toString();

    private final MainRun main = new MainRun();

    @Test
    void createsTheProjectAndSaysWhatToDoNext(@TempDir Path dir) throws IOException {
        Path project = dir.resolve("svc");
        assertThat(main.run("new", "--service", "echo", "--idl", ECHO, "--out", project.toString(), "--group", "io.acme",
            "--artifact", "echo-server", "--package", "io.acme.echo.server")).isZero();
        assertThat(main.err()).isEmpty();
        assertThat(main.out()).isEqualToNormalizingNewlines(
            "kitex-codegen: created io.acme:echo-server (package io.acme.echo.server) in " + project + ", 11 files\n"
            + "next: cd " + project + " && ./mvnw verify\n");
        assertThat(project.resolve("src/main/java/io/acme/echo/server/EchoServiceImpl.java")).exists();
        assertThat(Files.readString(project.resolve("pom.xml")))
            .contains("<groupId>io.acme</groupId>").contains("<artifactId>echo-server</artifactId>");
    }

    @Test
    void anIdlWithStreamingMethodsMakesAProjectToo(@TempDir Path dir) throws Exception {
        Path idl = Path.of(NewCommandTest.class.getResource("/idl/streaming/streaming.thrift").toURI());
        Path project = dir.resolve("chat");
        assertThat(main.run("new", "--service", "chat", "--idl", idl.toString(), "--out", project.toString())).isZero();
        assertThat(main.err()).isEmpty();
        try (Stream<Path> sources = Files.walk(project.resolve("src/main/java"))) {
            Path impl = sources.filter(p -> p.getFileName().toString().equals("StreamingImpl.java")).findFirst()
                .orElseThrow();
            assertThat(Files.readString(impl))
                .contains("public StreamObserver<Note> chat(StreamObserver<Note> responseObserver) {");
        }
        assertThat(project.resolve("src/main/thrift/streaming.thrift")).hasSameBinaryContentAs(idl);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "new                                     | --service is required",
        "new --idl x.thrift                      | --service is required",
        "new --service echo                      | --idl is required",
        "new --service                           | --service needs a value",
        "new --service echo --idl                | --idl needs a value",
        "new --service a --service b --idl x     | --service is given twice",
        "new --service echo --idl x --name y     | unknown option --name",
        "new --service echo --idl x -out y       | unknown option -out",
        "new --service echo --idl x extra        | unexpected argument extra",
    })
    void usageErrorsExitWith2AndShowTheUsage(String command, String problem) {
        assertThat(main.run(command.split(" +"))).isEqualTo(2);
        assertThat(main.err()).isEqualToNormalizingNewlines("kitex-codegen new: " + problem + "\n" + NewCommand.USAGE + "\n");
        assertThat(main.out()).isEmpty();
    }

    @Test
    void badValuesExitWith2(@TempDir Path dir) throws IOException {
        assertThat(main.run("new", "--service", "9lives", "--idl", ECHO, "--out", dir.resolve("a").toString())).isEqualTo(2);
        assertThat(main.err()).isEqualToNormalizingNewlines("kitex-codegen new: service name '9lives' must start with a"
            + " letter and have only letters, digits, '-' and '_'\n");
        main.reset();
        assertThat(main.run("new", "--service", "echo", "--idl", ECHO, "--package", "com.new", "--out",
            dir.resolve("b").toString())).isEqualTo(2);
        assertThat(main.err()).isEqualToNormalizingNewlines("kitex-codegen new: package 'com.new' is not a Java package name\n");
        main.reset();
        Path missing = dir.resolve("missing.thrift");
        assertThat(main.run("new", "--service", "echo", "--idl", missing.toString(), "--out", dir.resolve("c").toString()))
            .isEqualTo(2);
        assertThat(main.err()).isEqualToNormalizingNewlines("kitex-codegen new: no such IDL file: " + missing + "\n");
        main.reset();
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("pom.xml"), "<project/>");
        assertThat(main.run("new", "--service", "echo", "--idl", ECHO, "--out", taken.toString())).isEqualTo(2);
        assertThat(main.err()).isEqualToNormalizingNewlines("kitex-codegen new: " + taken + " exists and is not empty\n");
        assertThat(Files.readString(taken.resolve("pom.xml"))).isEqualTo("<project/>");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("taken");
        }
    }

    @Test
    void badIdlExitsWith1AndItsPosition(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.thrift"), "service S {\n  void f(1: strin s)\n}\n");
        assertThat(main.run("new", "--service", "bad", "--idl", bad.toString(), "--out", dir.resolve("bad").toString()))
            .isEqualTo(1);
        assertThat(main.err()).isEqualToNormalizingNewlines(bad + ":2:13: unknown type 'strin'\n");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(main.run("new", "--help")).isZero();
        assertThat(main.out()).isEqualToNormalizingNewlines(NewCommand.USAGE + "\n");
        main.reset();
        assertThat(main.run("-h")).isZero();
        assertThat(main.out()).contains(NewCommand.SYNOPSIS);
    }
}
