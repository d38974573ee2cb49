package io.cloudwego.kitex.codegen.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.codegen.TestIdl;
import io.cloudwego.kitex.codegen.thrift.ThriftIdlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ScaffoldTest {
    private static final Path ECHO = TestIdl.ECHO;
    /** The repository's root: kitex-codegen's tests run in kitex-codegen. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
                .sorted().toList();
        }
    }

    private static Scaffold.Builder echo(Path out) {
        return Scaffold.builder().serviceName("echo").idl(ECHO).outputDirectory(out);
    }

    @Test
    void writesEveryFileOfTheProject(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("echo");
        List<Path> written = echo(out).build().write();
        List<String> expected = List.of(
            ".gitignore",
            ".mvn/wrapper/maven-wrapper.properties",
            "README.md",
            "mvnw",
            "mvnw.cmd",
            "pom.xml",
            "src/main/java/com/example/echo/EchoApplication.java",
            "src/main/java/com/example/echo/EchoServiceImpl.java",
            "src/main/resources/application.yml",
            "src/main/thrift/echo.thrift",
            "src/test/java/com/example/echo/EchoApplicationTests.java");
        assertThat(written).map(p -> p.toString().replace('\\', '/')).containsExactlyElementsOf(expected);
        assertThat(filesUnder(out)).containsExactlyElementsOf(expected);
        assertThat(out.resolve("src/main/thrift/echo.thrift")).hasSameBinaryContentAs(ECHO);
        assertThat(out.resolve(".gitignore")).hasContent("target/");
    }

    @Test
    void theMavenWrapperIsThisRepositorysAndMvnwIsExecutable(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("echo");
        echo(out).build().write();
        for (String file : List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties")) {
            assertThat(out.resolve(file)).as(file).hasSameBinaryContentAs(REPOSITORY.resolve(file));
        }
        assertThat(Files.getPosixFilePermissions(out.resolve("mvnw"))).contains(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    }

    @Test
    void pomUsesTheVersionsOfThisBuild(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("echo");
        echo(out).build().write();
        assertThat(Scaffold.kitexVersion()).isEqualTo(System.getProperty("kitex.version")).doesNotContain("$");
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/project/parent/artifactId", pom)).isEqualTo("spring-boot-starter-parent");
        assertThat(xpath.evaluate("/project/parent/version", pom)).isEqualTo(System.getProperty("spring-boot.version"));
        assertThat(xpath.evaluate("/project/groupId", pom)).isEqualTo("com.example");
        assertThat(xpath.evaluate("/project/artifactId", pom)).isEqualTo("echo");
        assertThat(xpath.evaluate("/project/description", pom))
            .isEqualTo("The echo service, served with kitex-java from src/main/thrift/echo.thrift.");
        assertThat(xpath.evaluate("/project/properties/kitex.version", pom)).isEqualTo(System.getProperty("kitex.version"));
        assertThat(xpath.evaluate("/project/properties/netty.version", pom)).isEqualTo(System.getProperty("netty.version"));
        assertThat(xpath.evaluate("/project/properties/java.version", pom)).isEqualTo("17");
        assertThat(xpath.evaluate("count(/project/dependencies/dependency)", pom)).isEqualTo("2");
        assertThat(xpath.evaluate("/project/dependencies/dependency[artifactId='kitex-spring-boot-starter']/version", pom))
            .isEqualTo("${kitex.version}");
        assertThat(xpath.evaluate("/project/dependencies/dependency[artifactId='spring-boot-starter-test']/scope", pom))
            .isEqualTo("test");
        String plugin = "/project/build/plugins/plugin[artifactId='kitex-maven-plugin']";
        assertThat(xpath.evaluate(plugin + "/groupId", pom)).isEqualTo("io.cloudwego.kitex");
        assertThat(xpath.evaluate(plugin + "/version", pom)).isEqualTo("${kitex.version}");
        assertThat(xpath.evaluate(plugin + "/executions/execution/goals/goal", pom)).isEqualTo("generate");
        assertThat(xpath.evaluate(plugin + "/executions/execution/configuration/packageName", pom))
            .isEqualTo("com.example.echo");
        assertThat(xpath.evaluate("count(/project/build/plugins/plugin[artifactId='spring-boot-maven-plugin'])", pom))
            .isEqualTo("1");
    }

    @Test
    void applicationYmlConfiguresTheServerAndTheClientOfItself(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("echo-svc");
        Scaffold.builder().serviceName("EchoService").idl(ECHO).outputDirectory(out).build().write();
        assertThat(Files.readString(out.resolve("src/main/resources/application.yml"))).isEqualTo("""
            spring:
              application:
                # The caller name this application's clients send, and its server's own service name.
                name: echo-service

            kitex:
              server:
                port: 8888
              client:
                services:
                  # The application's own services, for @KitexClient("echo-service"): the local server.
                  echo-service:
                    addresses: [127.0.0.1:8888]
            """);
        assertThat(Files.readString(out.resolve(
            "src/test/java/com/example/echoservice/EchoServiceApplicationTests.java")))
            .contains("\"kitex.client.services.echo-service.addresses=127.0.0.1:${local.kitex.server.port}\"")
            .contains("@KitexClient(\"echo-service\")");
    }

    @Test
    void readmeNamesTheFilesToEdit(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("echo");
        echo(out).packageName("org.acme.echo").build().write();
        assertThat(Files.readString(out.resolve("README.md")))
            .startsWith("# echo\n")
            .contains("`src/main/thrift/echo.thrift`")
            .contains("in package `org.acme.echo`")
            .contains("- `src/main/java/org/acme/echo/EchoServiceImpl.java`: the services.")
            .contains("- `src/test/java/org/acme/echo/EchoApplicationTests.java`: starts the application")
            .contains("- `src/main/java/org/acme/echo/EchoApplication.java`: the application class.")
            .contains("@KitexClient(\"echo\")")
            .doesNotContain("{{");
    }

    @Test
    void includedFilesKeepTheirRelativeLayout(@TempDir Path dir) throws IOException {
        Path idl = Files.createDirectories(dir.resolve("idl/api"));
        Files.createDirectories(dir.resolve("idl/common"));
        Files.writeString(dir.resolve("idl/common/base.thrift"), "struct Base { 1: string trace }\n");
        Files.writeString(idl.resolve("types.thrift"), "include \"../common/base.thrift\"\n"
            + "struct Item { 1: base.Base base }\n");
        Files.writeString(idl.resolve("order.thrift"), "include \"types.thrift\"\n"
            + "include \"../common/base.thrift\"\n"
            + "service Order { types.Item get(1: base.Base b) }\n");
        Path out = dir.resolve("order");
        Scaffold.builder().serviceName("order").idl(idl.resolve("order.thrift")).outputDirectory(out).build().write();
        assertThat(filesUnder(out.resolve("src/main/thrift")))
            .containsExactly("api/order.thrift", "api/types.thrift", "common/base.thrift");
        assertThat(out.resolve("src/main/thrift/api/types.thrift")).hasSameTextualContentAs(idl.resolve("types.thrift"));
        assertThat(Files.readString(out.resolve("pom.xml"))).contains("from src/main/thrift/api/order.thrift.");
        assertThat(filesUnder(out.resolve("src/main/java")))
            .containsExactly("com/example/order/OrderApplication.java", "com/example/order/OrderImpl.java");
    }

    @Test
    void valuesAreEscapedInThePom(@TempDir Path dir) throws Exception {
        Path idl = dir.resolve("a&b<c>.thrift");
        Files.copy(ECHO, idl);
        Path out = dir.resolve("echo");
        Scaffold.builder().serviceName("echo").idl(idl).outputDirectory(out).build().write();
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("pom.xml").toFile());
        assertThat(XPathFactory.newInstance().newXPath().evaluate("/project/description", pom))
            .isEqualTo("The echo service, served with kitex-java from src/main/thrift/a&b<c>.thrift.");
    }

    @Test
    void writesIntoAnEmptyDirectory(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("empty"));
        assertThat(echo(out).build().write()).hasSize(11);
    }

    @Test
    void refusesADirectoryThatIsNotEmptyAndWritesNothing(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("echo"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> echo(out).build().write())
            .isInstanceOf(IllegalArgumentException.class).hasMessage(out + " exists and is not empty");
        assertThat(filesUnder(out)).containsExactly("notes.txt");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> echo(file).build().write())
            .isInstanceOf(IllegalArgumentException.class).hasMessage(file + " exists and is not empty");
    }

    @Test
    void badIdlFailsWithItsPositionAndWritesNothing(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.thrift"), "struct A {\n  1: Missing m\n}\nservice S {}\n");
        Path out = dir.resolve("bad");
        assertThatThrownBy(() -> Scaffold.builder().serviceName("bad").idl(bad).outputDirectory(out).build().write())
            .isInstanceOf(ThriftIdlException.class).hasMessage(bad + ":2:6: unknown type 'Missing'");
        assertThat(out).doesNotExist();
    }

    @Test
    void idlWithoutServiceIsRefused(@TempDir Path dir) throws IOException {
        Path types = Files.writeString(dir.resolve("types.thrift"), "struct A { 1: i32 x }\n");
        Path out = dir.resolve("types");
        assertThatThrownBy(() -> Scaffold.builder().serviceName("types").idl(types).outputDirectory(out).build().write())
            .isInstanceOf(ThriftIdlException.class)
            .hasMessage(types + ": declares no service, so there is nothing to serve");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingIdlIsRefused(@TempDir Path dir) {
        Path none = dir.resolve("none.thrift");
        assertThatThrownBy(() -> Scaffold.builder().serviceName("none").idl(none).outputDirectory(dir.resolve("x"))
            .build().write())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("no such IDL file: " + none);
    }

    @Test
    void outputDirectoryDefaultsToTheServiceName() {
        Scaffold scaffold = Scaffold.builder().serviceName("order-api").idl(ECHO).groupId("io.acme").build();
        assertThat(scaffold.outputDirectory()).isEqualTo(Path.of("order-api"));
        assertThat(scaffold.coordinates()).isEqualTo("io.acme:order-api");
        assertThat(scaffold.packageName()).isEqualTo("io.acme.orderapi");
    }
}
