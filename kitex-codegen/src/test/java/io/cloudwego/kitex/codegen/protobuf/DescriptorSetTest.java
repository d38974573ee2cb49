package io.cloudwego.kitex.codegen.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.cloudwego.kitex.codegen.ProtobufCompiler;
import io.cloudwego.kitex.codegen.TestProtos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptor set reader against protobuf-java's own parse of the set protoc wrote for src/test/proto. */
class DescriptorSetTest {
    static final Path SET = TestProtos.DESCRIPTOR_SET;

    @Test
    void readsWhatProtobufJavaReads() throws IOException {
        FileDescriptorSet expected = FileDescriptorSet.parseFrom(Files.readAllBytes(SET));
        DescriptorSet set = DescriptorSet.read(SET);
        assertThat(set.path()).isEqualTo(SET);
        assertThat(set.files()).extracting(ProtoFile::name)
            .isEqualTo(expected.getFileList().stream().map(FileDescriptorProto::getName).toList())
            .contains("google/protobuf/empty.proto", "kitex/test/shared/shared.proto", "grpc/testing/test.proto");
        for (FileDescriptorProto proto : expected.getFileList()) {
            ProtoFile file = set.file(proto.getName());
            assertThat(file.protoPackage()).isEqualTo(proto.getPackage());
            assertThat(file.dependencies()).isEqualTo(proto.getDependencyList());
            assertThat(file.javaPackage()).isEqualTo(proto.getOptions().hasJavaPackage()
                ? proto.getOptions().getJavaPackage() : null);
            assertThat(file.javaOuterClassname()).isEqualTo(proto.getOptions().hasJavaOuterClassname()
                ? proto.getOptions().getJavaOuterClassname() : null);
            assertThat(file.javaMultipleFiles()).isEqualTo(proto.getOptions().getJavaMultipleFiles());
            assertThat(file.enums()).isEqualTo(names(proto.getEnumTypeList()));
            assertThat(file.messages()).isEqualTo(messages(proto.getMessageTypeList()));
            assertThat(file.services()).extracting(ProtoService::name)
                .isEqualTo(proto.getServiceList().stream().map(ServiceDescriptorProto::getName).toList());
            for (int s = 0; s < proto.getServiceCount(); s++) {
                List<MethodDescriptorProto> methods = proto.getService(s).getMethodList();
                assertThat(file.services().get(s).methods()).extracting(ProtoMethod::name, ProtoMethod::inputType,
                    ProtoMethod::outputType, ProtoMethod::clientStreaming, ProtoMethod::serverStreaming)
                    .isEqualTo(methods.stream().map(m -> org.assertj.core.groups.Tuple.tuple(m.getName(),
                        m.getInputType(), m.getOutputType(), m.getClientStreaming(), m.getServerStreaming())).toList());
            }
        }
    }

    private static List<String> names(List<EnumDescriptorProto> enums) {
        return enums.stream().map(EnumDescriptorProto::getName).toList();
    }

    private static List<ProtoMessage> messages(List<DescriptorProto> messages) {
        return messages.stream().map(m -> new ProtoMessage(m.getName(), messages(m.getNestedTypeList()),
            names(m.getEnumTypeList()))).toList();
    }

    @Test
    void commentsOfServicesAndMethods() {
        ProtoFile test = DescriptorSet.read(SET).file("grpc/testing/test.proto");
        ProtoService service = test.services().get(0);
        assertThat(service.comment()).isEqualTo("""
            A simple service to test the various types of RPCs and experiment with
            performance with various types of payload.""");
        assertThat(service.methods().get(0).comment()).isEqualTo("One empty request followed by one empty response.");
        assertThat(service.methods().get(2).comment()).isEqualTo("""
            One request followed by one response. Response has cache control
            headers set such that a caching HTTP proxy (such as GFE) can
            satisfy subsequent requests.""");
        ProtoService streaming = DescriptorSet.read(SET).file("kitex/test/streaming.proto").services().get(0);
        assertThat(streaming.comment()).isEqualTo("Notes in every direction.");
        assertThat(streaming.methods().get(1).comment()).isNull();
    }

    @Test
    void whatIsNotADescriptorSetIsSaidSo() throws IOException {
        byte[] bytes = Files.readAllBytes(SET);
        Path path = Path.of("cut.binpb");
        assertThatThrownBy(() -> DescriptorSet.parse(path, Arrays.copyOf(bytes, bytes.length / 2)))
            .isInstanceOf(ProtoDescriptorException.class)
            .hasMessageStartingWith("cut.binpb: not a FileDescriptorSet (malformed Protobuf: ");
        assertThatThrownBy(() -> DescriptorSet.parse(path, new byte[] {0x0a, 0x01, 0x00}))
            .hasMessage("cut.binpb: not a FileDescriptorSet (malformed Protobuf: field number 0)");
        assertThat(DescriptorSet.parse(path, new byte[0]).files()).isEmpty();
    }

    @Test
    void aSetWithoutItsImportsIsRefused() {
        FileDescriptorSet set = FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder()
            .setName("a.proto").addDependency("b.proto")).build();
        assertThatThrownBy(() -> DescriptorSet.parse(Path.of("a.binpb"), set.toByteArray()))
            .isInstanceOf(ProtoDescriptorException.class)
            .hasMessage("a.binpb: a.proto imports b.proto, which the set does not hold: write it with protoc"
                + " --include_imports");
    }

    @Test
    void editionsAfter2023AreRefused() {
        FileDescriptorSet set = FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder()
            .setName("e.proto").setSyntax("editions").setEdition(Edition.EDITION_2024)).build();
        assertThatThrownBy(() -> DescriptorSet.parse(Path.of("e.binpb"), set.toByteArray()))
            .hasMessage("e.binpb: e.proto uses an edition after 2023 (1001), whose Java names kitex-codegen does"
                + " not know yet");
    }

    @Test
    void servicesMustUseMessagesOfTheSetInANamedJavaPackage(@TempDir Path dir) throws IOException {
        ServiceDescriptorProto service = ServiceDescriptorProto.newBuilder().setName("S")
            .addMethod(MethodDescriptorProto.newBuilder().setName("M").setInputType(".p.In").setOutputType(".p.In"))
            .build();
        Path unknown = dir.resolve("unknown.binpb");
        Files.write(unknown, FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder()
            .setName("s.proto").setPackage("p").addService(service)).build().toByteArray());
        assertThatThrownBy(() -> ProtobufCompiler.builder().descriptorSet(unknown).build().generate())
            .isInstanceOf(ProtoDescriptorException.class)
            .hasMessage(unknown + ": the type .p.In of rpc M is not a message of the set");
        Path unnamed = dir.resolve("unnamed.binpb");
        Files.write(unnamed, FileDescriptorSet.newBuilder()
            .addFile(FileDescriptorProto.newBuilder().setName("in.proto").setPackage("p")
                .setOptions(com.google.protobuf.DescriptorProtos.FileOptions.newBuilder().setJavaPackage(""))
                .addMessageType(DescriptorProto.newBuilder().setName("In")))
            .addFile(FileDescriptorProto.newBuilder().setName("s.proto").setPackage("p").addDependency("in.proto")
                .addService(service)).build().toByteArray());
        assertThatThrownBy(() -> ProtobufCompiler.builder().descriptorSet(unnamed).build().generate())
            .hasMessage(unnamed + ": the message .p.In is in Java's unnamed package, which generated code cannot"
                + " import: give its file a java_package");
        Path nowhere = dir.resolve("nowhere.binpb");
        Files.write(nowhere, FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder()
            .setName("s.proto").addService(ServiceDescriptorProto.newBuilder().setName("S"))).build().toByteArray());
        assertThatThrownBy(() -> ProtobufCompiler.builder().descriptorSet(nowhere).build().generate())
            .hasMessage(nowhere + ": s.proto has neither java_package nor package, and generated classes need a"
                + " package: give it one, or set the package of the generated classes");
        assertThat(ProtobufCompiler.builder().descriptorSet(nowhere).packageOverride("com.example").build()
            .generate()).containsOnlyKeys("com/example/S.java", "com/example/SClient.java",
            "com/example/SDescriptor.java");
    }
}
