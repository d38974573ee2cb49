package io.cloudwego.kitex.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateMojoTest {
    @TempDir
    Path dir;
    private Path thrift;
    private GenerateMojo mojo;

    @BeforeEach
    void setUp() throws IOException {
        thrift = dir.resolve("src/main/thrift");
        Files.createDirectories(thrift.resolve("nested"));
        Files.writeString(thrift.resolve("echo.thrift"),
            "namespace java echo\nstruct EchoRequest { 1: required string message }\n");
        Files.writeString(thrift.resolve("nested/other.thrift"), "struct Other { 1: i32 n }\n");
        Files.writeString(thrift.resolve("README.md"), "not IDL\n");
        mojo = new GenerateMojo();
        mojo.sourceDirectory = thrift.toFile();
        mojo.outputDirectory = dir.resolve("target/generated-sources/kitex").toFile();
        mojo.project = new MavenProject();
    }

    @Test
    void everyThriftFileByDefault() throws Exception {
        assertThat(GenerateMojo.idlFiles(thrift, null))
            .containsExactly(thrift.resolve("echo.thrift"), thrift.resolve("nested/other.thrift"));
        assertThat(GenerateMojo.idlFiles(thrift, List.of()))
            .containsExactly(thrift.resolve("echo.thrift"), thrift.resolve("nested/other.thrift"));
        assertThat(GenerateMojo.idlFiles(dir.resolve("missing"), null)).isEmpty();
    }

    @Test
    void explicitIncludesArePathsOrGlobsThatMustMatch() throws Exception {
        assertThat(GenerateMojo.idlFiles(thrift, List.of("nested/other.thrift")))
            .containsExactly(thrift.resolve("nested/other.thrift"));
        assertThat(GenerateMojo.idlFiles(thrift, List.of("*.thrift", "echo.thrift")))
            .containsExactly(thrift.resolve("echo.thrift"));
        assertThat(GenerateMojo.idlFiles(thrift, List.of("nested/*.thrift", "e*.thrift")))
            .containsExactly(thrift.resolve("echo.thrift"), thrift.resolve("nested/other.thrift"));
        assertThatThrownBy(() -> GenerateMojo.idlFiles(thrift, List.of("echo.thrift", "typo.thrift")))
            .isInstanceOf(MojoFailureException.class)
            .hasMessage("kitex:generate: include 'typo.thrift' matches no file in " + thrift);
    }

    @Test
    void generatesAndAddsTheCompileSourceRootEvenWhenUpToDate() throws Exception {
        mojo.packageName = "com.example.gen";
        mojo.execute();
        Path out = mojo.outputDirectory.toPath();
        assertThat(out.resolve("com/example/gen/EchoRequest.java")).exists();
        assertThat(out.resolve("com/example/gen/Other.java")).exists();
        assertThat(mojo.project.getCompileSourceRoots()).containsExactly(out.toString());

        GenerateMojo again = new GenerateMojo();
        again.sourceDirectory = mojo.sourceDirectory;
        again.outputDirectory = mojo.outputDirectory;
        again.packageName = "com.example.gen";
        again.project = new MavenProject();
        again.execute();
        assertThat(again.project.getCompileSourceRoots()).containsExactly(out.toString());
    }

    @Test
    void fallbackPackageAndIncludePaths() throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared);
        Files.writeString(shared.resolve("base.thrift"), "namespace java com.example.base\nstruct Base { 1: i32 n }\n");
        Files.writeString(thrift.resolve("nested/other.thrift"),
            "include \"base.thrift\"\nstruct Other { 1: base.Base b }\n");
        mojo.includePaths = List.of(shared.toFile());
        mojo.fallbackPackage = "com.example.fallback";
        mojo.execute();
        Path out = mojo.outputDirectory.toPath();
        assertThat(out.resolve("echo/EchoRequest.java")).exists();
        assertThat(out.resolve("com/example/fallback/Other.java")).exists();
        assertThat(out.resolve("com/example/base/Base.java")).exists();
    }

    @Test
    void skipDoesNothing() throws Exception {
        mojo.skip = true;
        mojo.execute();
        assertThat(mojo.outputDirectory).doesNotExist();
        assertThat(mojo.project.getCompileSourceRoots()).isEmpty();
    }

    @Test
    void noIdlAddsNoSourceRoot() throws Exception {
        mojo.sourceDirectory = dir.resolve("src/main/none").toFile();
        mojo.execute();
        assertThat(mojo.project.getCompileSourceRoots()).isEmpty();
    }

    @Test
    void theServicesOfTheProtoFilesFromTheDescriptorSet() throws Exception {
        Path proto = dir.resolve("src/main/proto");
        Files.createDirectories(proto.resolve("greeter"));
        Files.writeString(proto.resolve("greeter/greeter.proto"), "syntax = \"proto3\";\n");
        mojo.protoSourceDirectory = proto.toFile();
        mojo.protoDescriptorSet = dir.resolve("target/protobuf/descriptor-set.binpb").toFile();
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessage("kitex:generate: "
            + proto + " holds .proto files but there is no descriptor set at " + mojo.protoDescriptorSet
            + ": have protoc write it there, with its imports (protobuf-maven-plugin: outputDescriptorFile,"
            + " outputDescriptorIncludeImports), in a plugin declared before kitex-maven-plugin");

        ProtoDescriptors.writeGreeter(mojo.protoDescriptorSet.toPath(), "Greeter");
        mojo.execute();
        assertThat(mojo.outputDirectory.toPath().resolve("com/example/greet/GreeterClient.java")).exists();
        assertThat(mojo.outputDirectory.toPath().resolve("echo/EchoRequest.java")).exists();
        assertThat(mojo.project.getCompileSourceRoots()).containsExactly(mojo.outputDirectory.getPath());

        Files.writeString(proto.resolve("greeter/other.proto"), "syntax = \"proto3\";\n");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
            .hasMessage(mojo.protoDescriptorSet.toPath().toAbsolutePath() + ": the set has no file greeter/other.proto");
    }

    @Test
    void protoFilesAloneAreEnough() throws Exception {
        Path proto = dir.resolve("proto");
        Files.createDirectories(proto.resolve("greeter"));
        Files.writeString(proto.resolve("greeter/greeter.proto"), "syntax = \"proto3\";\n");
        mojo.sourceDirectory = dir.resolve("src/main/none").toFile();
        mojo.protoSourceDirectory = proto.toFile();
        mojo.protoDescriptorSet = ProtoDescriptors.writeGreeter(dir.resolve("set.binpb"), "Greeter").toFile();
        mojo.execute();
        assertThat(mojo.project.getCompileSourceRoots()).containsExactly(mojo.outputDirectory.getPath());
        assertThat(mojo.outputDirectory.toPath().resolve("com/example/greet/Greeter.java")).exists();
    }

    @Test
    void badIdlFailsTheBuildWithItsPosition() throws Exception {
        Path bad = thrift.resolve("nested/other.thrift");
        Files.writeString(bad, "struct Other {\n  1: i32 n\n  2: Missing m\n}\n");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
            .hasMessage(bad.toAbsolutePath() + ":3:6: unknown type 'Missing'");
        assertThat(mojo.project.getCompileSourceRoots()).isEmpty();
    }
}
