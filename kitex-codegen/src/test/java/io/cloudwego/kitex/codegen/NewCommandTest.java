package io.cloudwego.kitex.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code kitex-codegen new}, through {@link Main}. */
class NewCommandTest {
    private static final String ECHO = echo().toString();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static Path echo() {
        try {
            return Path.of(NewCommandTest.class.getResource("/scaffold/echo.thrift").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createsTheProjectAndSaysWhatToDoNext(@TempDir Path dir) throws IOException {
        Path project = dir.resolve("svc");
        assertThat(run("new", "--service", "echo", "--idl", ECHO, "--out", project.toString(), "--group", "io.acme",
            "--artifact", "echo-server", "--package", "io.acme.echo.server")).isZero();
        assertThat(err()).isEmpty();
        assertThat(out()).isEqualToNormalizingNewlines(
            "kitex-codegen: created io.acme:echo-server (package io.acme.echo.server) in " + project + ", 11 files\n"
            + "next: cd " + project + " && ./mvnw verify\n");
        assertThat(project.resolve("src/main/java/io/acme/echo/server/EchoServiceImpl.java")).exists();
        assertThat(Files.readString(project.resolve("pom.xml")))
            .contains("<groupId>io.acme</groupId>").contains("<artifactId>echo-server</artifactId>");
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
        assertThat(run(command.split(" +"))).isEqualTo(2);
        assertThat(err()).isEqualToNormalizingNewlines("kitex-codegen new: " + problem + "\n" + NewCommand.USAGE + "\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void badValuesExitWith2(@TempDir Path dir) throws IOException {
        assertThat(run("new", "--service", "9lives", "--idl", ECHO, "--out", dir.resolve("a").toString())).isEqualTo(2);
        assertThat(err()).isEqualToNormalizingNewlines("kitex-codegen new: service name '9lives' must start with a"
            + " letter and have only letters, digits, '-' and '_'\n");
        err.reset();
        assertThat(run("new", "--service", "echo", "--idl", ECHO, "--package", "com.new", "--out",
            dir.resolve("b").toString())).isEqualTo(2);
        assertThat(err()).isEqualToNormalizingNewlines("kitex-codegen new: package 'com.new' is not a Java package name\n");
        err.reset();
        Path missing = dir.resolve("missing.thrift");
        assertThat(run("new", "--service", "echo", "--idl", missing.toString(), "--out", dir.resolve("c").toString()))
            .isEqualTo(2);
        assertThat(err()).isEqualToNormalizingNewlines("kitex-codegen new: no such IDL file: " + missing + "\n");
        err.reset();
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("pom.xml"), "<project/>");
        assertThat(run("new", "--service", "echo", "--idl", ECHO, "--out", taken.toString())).isEqualTo(2);
        assertThat(err()).isEqualToNormalizingNewlines("kitex-codegen new: " + taken + " exists and is not empty\n");
        assertThat(Files.readString(taken.resolve("pom.xml"))).isEqualTo("<project/>");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("taken");
        }
    }

    @Test
    void badIdlExitsWith1AndItsPosition(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.thrift"), "service S {\n  void f(1: strin s)\n}\n");
        assertThat(run("new", "--service", "bad", "--idl", bad.toString(), "--out", dir.resolve("bad").toString()))
            .isEqualTo(1);
        assertThat(err()).isEqualToNormalizingNewlines(bad + ":2:13: unknown type 'strin'\n");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("new", "--help")).isZero();
        assertThat(out()).isEqualToNormalizingNewlines(NewCommand.USAGE + "\n");
        out.reset();
        assertThat(run("-h")).isZero();
        assertThat(out()).contains(NewCommand.SYNOPSIS);
    }
}
