package io.cloudwego.kitex.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException;
import io.cloudwego.kitex.codegen.thrift.ThriftIdlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;
    private Path api;
    private Path common;
    private Path out;

    @BeforeEach
    void writeIdl() throws IOException {
        Files.createDirectories(dir.resolve("idl"));
        Files.createDirectories(dir.resolve("shared"));
        api = dir.resolve("idl/api.thrift");
        common = dir.resolve("shared/common.thrift");
        out = dir.resolve("out");
        Files.writeString(common, "namespace java com.example.common\nstruct Base { 1: string id }\n");
        Files.writeString(api, """
            namespace java com.example.api
            include "common.thrift"
            struct Item { 1: common.Base base }
            struct Extra { 1: i32 n }
            service ItemService { Item get(1: string id) }
            """);
    }

    private Generation generation(String packageName, String generator) {
        return new Generation(List.of(api), List.of(dir.resolve("shared")), packageName, null, null, List.of(), out,
            generator);
    }

    private Generation.Outcome run() throws IOException {
        return generation(null, "g1").run();
    }

    private List<String> generatedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/'))
                .sorted().toList();
        }
    }

    private void ageAllOutputs() throws IOException {
        for (String file : generatedFiles()) {
            Files.setLastModifiedTime(out.resolve(file), LONG_AGO);
        }
    }

    @Test
    void firstRunGeneratesIncludedFilesTooAndWritesTheStamp() throws IOException {
        Generation.Outcome outcome = run();
        assertThat(outcome.reason()).isEqualTo("no earlier generation");
        assertThat(outcome.removed()).isEmpty();
        assertThat(generatedFiles()).containsExactly(
            Stamp.FILE_NAME,
            "com/example/api/Extra.java",
            "com/example/api/Item.java",
            "com/example/api/ItemService.java",
            "com/example/api/ItemServiceClient.java",
            "com/example/api/ItemServiceDescriptor.java",
            "com/example/common/Base.java");
        assertThat(outcome.written()).hasSize(6).allMatch(p -> p.startsWith(out.toAbsolutePath()));
        Stamp stamp = Stamp.read(out);
        assertThat(stamp.idl()).containsOnlyKeys(api.toAbsolutePath(), common.toAbsolutePath());
        assertThat(stamp.outputs()).hasSize(6);
    }

    @Test
    void streamingMethodsAreGeneratedForThriftOverGrpc() throws IOException {
        Files.writeString(api, Files.readString(api).replace("service ItemService { Item get(1: string id) }",
            "service ItemService {\n  Item get(1: string id)\n  Item watch(1: Extra extra) (streaming.mode = \"server\")\n}"));
        run();
        assertThat(Files.readString(out.resolve("com/example/api/ItemServiceDescriptor.java"))).contains(
            "StreamingMethodDescriptor.serverStreaming(\"api.ItemService/watch\", EXTRA_CODEC, ITEM_CODEC,",
            "ServiceDescriptor.thrift(\"api\", \"ItemService\", ItemService.class, List.of(GET), List.of(WATCH))");
        assertThat(Files.readString(out.resolve("com/example/api/ItemService.java")))
            .contains("void watch(Extra request, StreamObserver<Item> responseObserver);");
    }

    @Test
    void unchangedInputsAreNotGeneratedAgain() throws IOException {
        run();
        ageAllOutputs();
        Generation.Outcome outcome = run();
        assertThat(outcome.upToDate()).isTrue();
        assertThat(outcome.written()).isEmpty();
        for (String file : generatedFiles()) {
            assertThat(Files.getLastModifiedTime(out.resolve(file))).as(file).isEqualTo(LONG_AGO);
        }
    }

    @Test
    void aChangedIncludeGeneratesAgainAndTouchesOnlyChangedFiles() throws IOException {
        run();
        ageAllOutputs();
        Files.writeString(common, "namespace java com.example.common\nstruct Base { 1: string id, 2: string name }\n");
        Generation.Outcome outcome = run();
        assertThat(outcome.reason()).isEqualTo(common.toAbsolutePath() + " changed");
        assertThat(Files.readString(out.resolve("com/example/common/Base.java"))).contains("name()");
        assertThat(Files.getLastModifiedTime(out.resolve("com/example/common/Base.java"))).isNotEqualTo(LONG_AGO);
        assertThat(Files.getLastModifiedTime(out.resolve("com/example/api/Item.java"))).isEqualTo(LONG_AGO);
        assertThat(run().upToDate()).isTrue();
    }

    @Test
    void aRemovedDefinitionRemovesItsFile() throws IOException {
        run();
        Files.writeString(api, Files.readString(api).replace("struct Extra { 1: i32 n }\n", ""));
        Generation.Outcome outcome = run();
        assertThat(outcome.removed()).containsExactly(out.resolve("com/example/api/Extra.java").toAbsolutePath());
        assertThat(generatedFiles()).doesNotContain("com/example/api/Extra.java").contains("com/example/api/Item.java");
        assertThat(Stamp.read(out).outputs()).doesNotContainKey("com/example/api/Extra.java").hasSize(5);
    }

    @Test
    void aNewPackageRemovesTheOldDirectoriesButKeepsFilesNotGenerated() throws IOException {
        run();
        Files.writeString(out.resolve("com/example/api/Handwritten.java"),
            "package com.example.api;\nclass Handwritten {}\n");
        Generation.Outcome outcome = generation("org.other", "g1").run();
        assertThat(outcome.reason()).isEqualTo("the configuration or the generator changed");
        assertThat(outcome.removed()).hasSize(6);
        assertThat(generatedFiles()).containsExactly(
            Stamp.FILE_NAME,
            "com/example/api/Handwritten.java",
            "org/other/Base.java",
            "org/other/Extra.java",
            "org/other/Item.java",
            "org/other/ItemService.java",
            "org/other/ItemServiceClient.java",
            "org/other/ItemServiceDescriptor.java");
        assertThat(out.resolve("com/example/common")).doesNotExist();
    }

    @Test
    void aNewGeneratorGeneratesAgain() throws IOException {
        run();
        assertThat(generation(null, "g1").run().upToDate()).isTrue();
        assertThat(generation(null, "g2").run().reason()).isEqualTo("the configuration or the generator changed");
        assertThat(generation(null, "g2").run().upToDate()).isTrue();
    }

    @Test
    void aDeletedOrEditedOutputIsGeneratedAgain() throws IOException {
        run();
        Path item = out.resolve("com/example/api/Item.java");
        String content = Files.readString(item);
        Files.delete(item);
        assertThat(run().reason()).isEqualTo("com/example/api/Item.java was edited or deleted");
        assertThat(item).hasContent(content);
        Files.writeString(item, content + "// edited\n");
        assertThat(run().reason()).isEqualTo("com/example/api/Item.java was edited or deleted");
        assertThat(item).hasContent(content);
    }

    @Test
    void badIdlFailsWithItsPositionAndLeavesOutputsAsTheyWere() throws IOException {
        run();
        List<String> before = generatedFiles();
        String good = Files.readString(api);
        Files.writeString(api, good.replace("struct Extra { 1: i32 n }", "struct Extra { 1: Missing n }"));
        assertThatThrownBy(this::run).isInstanceOf(ThriftIdlException.class)
            .hasMessage(api.toAbsolutePath() + ":4:19: unknown type 'Missing'");
        assertThat(generatedFiles()).isEqualTo(before.stream().filter(f -> !f.equals(Stamp.FILE_NAME)).toList());
        Files.writeString(api, good);
        assertThat(run().reason()).isEqualTo("no earlier generation");
        assertThat(run().upToDate()).isTrue();
    }

    @Test
    void noInputsRemovesWhatWasGenerated() throws IOException {
        run();
        Generation.Outcome outcome = new Generation(List.of(), List.of(), null, null, null, List.of(), out, "g1").run();
        assertThat(outcome.removed()).hasSize(6);
        assertThat(out).isEmptyDirectory();
    }

    private Generation withProto(Path descriptorSet) {
        return new Generation(List.of(api), List.of(dir.resolve("shared")), null, null, descriptorSet,
            List.of("greeter/greeter.proto"), out, "g1");
    }

    @Test
    void protobufServicesComeWithTheThriftOnesAndFollowTheDescriptorSet() throws IOException {
        Path set = ProtoDescriptors.writeGreeter(dir.resolve("target/protobuf/descriptor-set.binpb"), "Greeter",
            "Farewell");
        Generation.Outcome outcome = withProto(set).run();
        assertThat(outcome.written()).hasSize(12);
        assertThat(generatedFiles()).contains("com/example/api/ItemService.java", "com/example/greet/Greeter.java",
            "com/example/greet/GreeterClient.java", "com/example/greet/GreeterDescriptor.java",
            "com/example/greet/Farewell.java");
        assertThat(Files.readString(out.resolve("com/example/greet/Greeter.java")))
            .startsWith(io.cloudwego.kitex.codegen.ThriftCompiler.GENERATED_MARKER + "greeter/greeter.proto.");
        assertThat(Stamp.read(out).idl()).containsKey(set.toAbsolutePath());
        ageAllOutputs();
        assertThat(withProto(set).run().upToDate()).isTrue();

        ProtoDescriptors.writeGreeter(set, "Greeter");
        outcome = withProto(set).run();
        assertThat(outcome.reason()).isEqualTo(set.toAbsolutePath() + " changed");
        assertThat(outcome.removed()).extracting(p -> out.relativize(p).toString().replace('\\', '/'))
            .containsExactly("com/example/greet/Farewell.java", "com/example/greet/FarewellClient.java",
                "com/example/greet/FarewellDescriptor.java");
        assertThat(Files.getLastModifiedTime(out.resolve("com/example/greet/Greeter.java"))).isEqualTo(LONG_AGO);
        assertThat(run().reason()).isEqualTo("the configuration or the generator changed");
        assertThat(generatedFiles()).noneMatch(f -> f.startsWith("com/example/greet/"));
    }

    @Test
    void aDescriptorSetThatCannotBeGeneratedFromFailsAndLeavesOutputsAsTheyWere() throws IOException {
        Path set = ProtoDescriptors.writeGreeter(dir.resolve("set.binpb"), "Greeter");
        withProto(set).run();
        Files.write(set, new byte[] {0x0a, 0x7f});
        assertThatThrownBy(() -> withProto(set).run()).isInstanceOf(ProtoDescriptorException.class)
            .hasMessageStartingWith(set.toAbsolutePath() + ": not a FileDescriptorSet");
        assertThat(out.resolve("com/example/greet/Greeter.java")).exists();
        Files.delete(set);
        assertThatThrownBy(() -> withProto(set).run()).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void anUnreadableStampCountsAsNone() throws IOException {
        run();
        Files.writeString(out.resolve(Stamp.FILE_NAME), "garbage\n");
        assertThat(run().reason()).isEqualTo("no earlier generation");
        assertThat(run().upToDate()).isTrue();
    }

    @Test
    void theFingerprintIdentifiesTheCodegenOnTheClassPath() throws IOException {
        assertThat(Generation.codegenFingerprint()).matches("[0-9a-f]{64}").isEqualTo(Generation.codegenFingerprint());
    }

    @Test
    void theFingerprintDependsOnClassFilesOnlyNotOnHowTheJarWasPacked() throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("a"));
        Files.write(classes.resolve("a/A.class"), new byte[] {1, 2, 3});
        Files.writeString(classes.resolve("a/notes.txt"), "not code");
        String fromDirectory = Generation.classesFingerprint(classes);

        Path jar = dir.resolve("one.jar");
        writeJar(jar, LONG_AGO, new byte[] {1, 2, 3});
        Path rebuilt = dir.resolve("rebuilt.jar");
        writeJar(rebuilt, FileTime.fromMillis(LONG_AGO.toMillis() + 86_400_000L), new byte[] {1, 2, 3});
        Path changed = dir.resolve("changed.jar");
        writeJar(changed, LONG_AGO, new byte[] {1, 2, 4});

        assertThat(Generation.classesFingerprint(jar)).isEqualTo(fromDirectory)
            .isEqualTo(Generation.classesFingerprint(rebuilt))
            .isNotEqualTo(Generation.classesFingerprint(changed));
        Files.write(classes.resolve("a/A.class"), new byte[] {1, 2, 4});
        assertThat(Generation.classesFingerprint(classes)).isNotEqualTo(fromDirectory);
    }

    private static void writeJar(Path jar, FileTime time, byte[] classBytes) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            JarEntry entry = new JarEntry("a/A.class");
            entry.setLastModifiedTime(time);
            out.putNextEntry(entry);
            out.write(classBytes);
            JarEntry other = new JarEntry("META-INF/build.txt");
            other.setLastModifiedTime(time);
            out.putNextEntry(other);
            out.write(time.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
