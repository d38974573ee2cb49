package io.cloudwego.kitex.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final MainRun main = new MainRun();

    @Test
    void generatesWithIncludePathAndPackage(@TempDir Path dir) throws IOException {
        Path idl = Path.of(MainTest.class.getResource("/idl/all.thrift").getPath());
        Path outDir = dir.resolve("out");
        int status = main.run("-I", idl.getParent().resolve("inc").toString(), "-out", outDir.toString(),
            "-package", "com.example.gen", idl.toString());
        assertThat(status).isZero();
        assertThat(main.out()).matches("kitex-codegen: \\d+ files\\R");
        assertThat(outDir.resolve("com/example/gen/ItemServiceClient.java")).exists();
        try (var files = Files.walk(outDir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(33);
        }
    }

    @Test
    void generatesTheServicesOfADescriptorSet(@TempDir Path dir) throws IOException {
        Path outDir = dir.resolve("out");
        assertThat(main.run("-out", outDir.toString(), "-descriptor-set", TestProtos.DESCRIPTOR_SET.toString())).isZero();
        assertThat(main.out()).isEqualToIgnoringNewLines("kitex-codegen: 24 files");
        assertThat(outDir.resolve("io/grpc/testing/integration/TestServiceClient.java")).exists();
        main.reset();
        Path idl = Path.of(MainTest.class.getResource("/idl/all.thrift").getPath());
        assertThat(main.run("-out", outDir.toString(), "-package", "com.example.gen", "-I",
            idl.getParent().resolve("inc").toString(), "-descriptor-set", TestProtos.DESCRIPTOR_SET.toString(),
            idl.toString())).isZero();
        assertThat(main.out()).isEqualToIgnoringNewLines("kitex-codegen: 57 files");
        assertThat(outDir.resolve("com/example/gen/StreamingClient.java")).exists();
        Files.write(dir.resolve("bad.binpb"), new byte[] {0x0a});
        assertThat(main.run("-out", outDir.toString(), "-descriptor-set", dir.resolve("bad.binpb").toString())).isEqualTo(1);
        assertThat(main.err()).startsWith(dir.resolve("bad.binpb") + ": not a FileDescriptorSet");
    }

    @Test
    void usageErrors() {
        assertThat(main.run()).isEqualTo(2);
        assertThat(main.err()).contains("-out is required").contains(Main.USAGE);
        main.reset();
        assertThat(main.run("-out", "x")).isEqualTo(2);
        assertThat(main.err()).contains("no IDL file given");
        main.reset();
        assertThat(main.run("-out")).isEqualTo(2);
        assertThat(main.err()).contains("-out needs a value");
        main.reset();
        assertThat(main.run("-x", "a.thrift")).isEqualTo(2);
        assertThat(main.err()).contains("unknown option -x");
        assertThat(main.run("-h")).isZero();
    }

    @Test
    void badIdlIsReportedWithItsPosition(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.thrift");
        Files.writeString(bad, "struct A {\n  1: Missing m\n}\n");
        assertThat(main.run("-out", dir.resolve("out").toString(), bad.toString())).isEqualTo(1);
        assertThat(main.err()).isEqualToIgnoringNewLines(bad + ":2:6: unknown type 'Missing'");
        main.reset();
        assertThat(main.run("-out", dir.toString(), dir.resolve("none.thrift").toString())).isEqualTo(1);
        assertThat(main.err()).contains("none.thrift: no such IDL file");
    }
}
