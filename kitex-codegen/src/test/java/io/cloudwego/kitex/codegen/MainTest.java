package io.cloudwego.kitex.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void generatesWithIncludePathAndPackage(@TempDir Path dir) throws IOException {
        Path idl = Path.of(MainTest.class.getResource("/idl/all.thrift").getPath());
        Path outDir = dir.resolve("out");
        int status = run("-I", idl.getParent().resolve("inc").toString(), "-out", outDir.toString(),
            "-package", "com.example.gen", idl.toString());
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("kitex-codegen: \\d+ files\\R");
        assertThat(outDir.resolve("com/example/gen/ItemServiceClient.java")).exists();
        try (var files = Files.walk(outDir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(33);
        }
    }

    @Test
    void generatesTheServicesOfADescriptorSet(@TempDir Path dir) throws IOException {
        Path outDir = dir.resolve("out");
        assertThat(run("-out", outDir.toString(), "-descriptor-set", TestProtos.DESCRIPTOR_SET.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualToIgnoringNewLines("kitex-codegen: 24 files");
        assertThat(outDir.resolve("io/grpc/testing/integration/TestServiceClient.java")).exists();
        out.reset();
        Path idl = Path.of(MainTest.class.getResource("/idl/all.thrift").getPath());
        assertThat(run("-out", outDir.toString(), "-package", "com.example.gen", "-I",
            idl.getParent().resolve("inc").toString(), "-descriptor-set", TestProtos.DESCRIPTOR_SET.toString(),
            idl.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualToIgnoringNewLines("kitex-codegen: 57 files");
        assertThat(outDir.resolve("com/example/gen/StreamingClient.java")).exists();
        Files.write(dir.resolve("bad.binpb"), new byte[] {0x0a});
        assertThat(run("-out", outDir.toString(), "-descriptor-set", dir.resolve("bad.binpb").toString())).isEqualTo(1);
        assertThat(err()).startsWith(dir.resolve("bad.binpb") + ": not a FileDescriptorSet");
    }

    @Test
    void usageErrors() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("-out is required").contains(Main.USAGE);
        err.reset();
        assertThat(run("-out", "x")).isEqualTo(2);
        assertThat(err()).contains("no IDL file given");
        err.reset();
        assertThat(run("-out")).isEqualTo(2);
        assertThat(err()).contains("-out needs a value");
        err.reset();
        assertThat(run("-x", "a.thrift")).isEqualTo(2);
        assertThat(err()).contains("unknown option -x");
        assertThat(run("-h")).isZero();
    }

    @Test
    void badIdlIsReportedWithItsPosition(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.thrift");
        Files.writeString(bad, "struct A {\n  1: Missing m\n}\n");
        assertThat(run("-out", dir.resolve("out").toString(), bad.toString())).isEqualTo(1);
        assertThat(err()).isEqualToIgnoringNewLines(bad + ":2:6: unknown type 'Missing'");
        err.reset();
        assertThat(run("-out", dir.toString(), dir.resolve("none.thrift").toString())).isEqualTo(1);
        assertThat(err()).contains("none.thrift: no such IDL file");
    }
}
