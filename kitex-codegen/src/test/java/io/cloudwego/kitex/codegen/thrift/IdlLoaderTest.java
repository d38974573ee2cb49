package io.cloudwego.kitex.codegen.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cloudwego.kitex.codegen.thrift.Definition.StructKind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdlLoaderTest {
    static Path idl;
    static Program program;

    @BeforeAll
    static void load() throws URISyntaxException {
        idl = Path.of(IdlLoaderTest.class.getResource("/idl/all.thrift").toURI()).getParent();
        program = IdlLoader.load(List.of(idl.resolve("all.thrift")), List.of(idl.resolve("inc")));
    }

    static SourceFile file(String relativePath) {
        return program.files().stream().filter(f -> f.relativePath().equals(relativePath)).findFirst().orElseThrow();
    }

    static ResolvedStruct struct(String name) {
        return file("all.thrift").structs().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static ResolvedField field(String struct, String name) {
        return struct(struct).fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    static Value constant(String name) {
        return file("all.thrift").consts().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void includesLoadOnceBeforeTheirIncluders() {
        assertThat(program.files()).extracting(SourceFile::relativePath)
            .containsExactly("inc/base.thrift", "shared/common.thrift", "all.thrift");
        assertThat(program.inputs()).extracting(SourceFile::relativePath).containsExactly("all.thrift");
        assertThat(file("all.thrift").includes().keySet()).containsExactly("common", "base");
        assertThat(file("all.thrift").includes().get("base")).isSameAs(file("shared/common.thrift").includes().get("base"));
    }

    @Test
    void typedefChainsResolveToTheFinalType() {
        assertThat(field("Defaults", "amount").type()).isEqualTo(new Type.Base(BaseType.I32));
        assertThat(field("Containers", "deep").type()).hasToString("map<string,list<set<i32>>>");
        assertThat(field("Containers", "palette").type()).isInstanceOf(Type.ListOf.class);
        Type.ListOf palette = (Type.ListOf) field("Containers", "palette").type();
        assertThat(((Type.EnumRef) palette.element()).enumType().file().relativePath()).isEqualTo("shared/common.thrift");
    }

    @Test
    void qualifiedNamesResolveAcrossFiles() {
        Type points = field("Containers", "points").type();
        Type.MapOf map = (Type.MapOf) points;
        assertThat(((Type.StructRef) map.value()).struct().name()).isEqualTo("Point");
        ResolvedService items = file("all.thrift").services().get(0);
        assertThat(items.parent().name()).isEqualTo("BaseService");
        assertThat(items.parent().file().relativePath()).isEqualTo("inc/base.thrift");
        assertThat(file("all.thrift").services().get(1).allMethods()).extracting(ResolvedMethod::name)
            .startsWith("ping", "info", "get").endsWith("audit");
    }

    @Test
    void constantsAndDefaultsAreCheckedAndResolved() {
        assertThat(constant("HEX")).isEqualTo(new Value.Int(0xCAFE));
        assertThat(constant("BIG")).isEqualTo(new Value.Int(Long.MIN_VALUE));
        assertThat(constant("WHOLE")).isEqualTo(new Value.Real(3));
        assertThat(constant("NO")).isEqualTo(new Value.Bool(false));
        assertThat(constant("GREETING")).isEqualTo(new Value.Str("hello \"world\"\n\ttab\\ \u00e9"));
        assertThat(constant("ENUM_AS_INT")).isEqualTo(new Value.Int(-5));
        assertThat(constant("AMOUNT")).isEqualTo(new Value.Int(100));
        assertThat(((Value.EnumConst) constant("FAVORITE")).value().name()).isEqualTo("BLUE");
        assertThat(((Value.EnumConst) constant("ACTIVE_STATUS")).value().name()).isEqualTo("ACTIVE");
        Value.MapOf colorNames = (Value.MapOf) constant("COLOR_NAMES");
        assertThat(colorNames.entries()).extracting(e -> ((Value.EnumConst) e.key()).value().name())
            .containsExactly("RED", "GREEN");
        Value.StructOf tree = (Value.StructOf) constant("TREE");
        assertThat(tree.fields()).extracting(f -> f.field().name()).containsExactly("name", "children");
        assertThat(field("Defaults", "color").defaultValue()).isInstanceOf(Value.EnumConst.class);
        assertThat(field("Defaults", "origin").defaultValue()).isInstanceOf(Value.StructOf.class);
    }

    @Test
    void annotationsAreKept() {
        ResolvedService items = file("all.thrift").services().get(0);
        ResolvedMethod hashCode = items.methods().stream().filter(m -> m.name().equals("hashCode")).findFirst()
            .orElseThrow();
        assertThat(hashCode.def().annotations().get("api.get")).isEqualTo("/x");
        assertThat(struct("Choice").kind()).isEqualTo(StructKind.UNION);
        Map<String, String> namespaces = Map.of("java", file("all.thrift").document().namespace("java"));
        assertThat(namespaces).containsEntry("java", "test.all");
    }

    @Test
    void streamingModesAreResolved() {
        Program streaming = IdlLoader.load(List.of(idl.resolve("streaming/streaming.thrift")), List.of());
        ResolvedService service = streaming.files().get(0).services().get(0);
        assertThat(service.methods()).extracting(ResolvedMethod::name, ResolvedMethod::streamingMode).containsExactly(
            tuple("count", null), tuple("fire", null), tuple("echo", StreamingMode.UNARY),
            tuple("subscribe", StreamingMode.SERVER), tuple("upload", StreamingMode.CLIENT),
            tuple("chat", StreamingMode.BIDIRECTIONAL), tuple("hashCode", StreamingMode.UNARY),
            tuple("convert", StreamingMode.UNARY));
        assertThat(StreamingMode.BIDIRECTIONAL.clientStreaming()).isTrue();
        assertThat(StreamingMode.BIDIRECTIONAL.serverStreaming()).isTrue();
        assertThat(StreamingMode.CLIENT.serverStreaming()).isFalse();
        assertThat(StreamingMode.SERVER.clientStreaming()).isFalse();
    }

    /** Kitex's rule (namespaces separated by "; " here): the last segment of namespace go (else *), else of the file's base name; lower case. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        Echo.thrift      | namespace go cloudwego.kitex.ChatRoom           | chatroom
        echo.thrift      | namespace go echo_api                           | echo_api
        echo.thrift      | namespace * com.example.Any                     | any
        echo.thrift      | namespace * any; namespace go golang.Pkg         | pkg
        echo.thrift      | namespace go golang.pkg; namespace * any         | pkg
        Echo.thrift      | namespace java com.example.echo                 | echo
        my.Echo.v2.thrift | namespace java x                               | v2
        """)
    void grpcPackage(String fileName, String namespaces, String expected, @TempDir Path dir) throws IOException {
        Path file = dir.resolve(fileName);
        Files.writeString(file, namespaces.replace("; ", "\n") + "\nservice S {}\n");
        assertThat(IdlLoader.load(List.of(file), List.of()).files().get(0).grpcPackage()).isEqualTo(expected);
    }

    @Test
    void relativeInputsReportRelativeDirectories() {
        Path relative = Path.of("").toAbsolutePath().relativize(idl.resolve("all.thrift"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdlLoader.load(List.of(relative), List.of()))
            .hasMessage(relative + ":7:9: include \"base.thrift\" not found, looked in " + relative.getParent());
    }
}
