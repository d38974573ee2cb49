package io.cloudwego.kitex.maven;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Descriptor sets as protoc writes them, for tests. */
final class ProtoDescriptors {
    private ProtoDescriptors() {
    }

    /**
     * Writes the set of {@code greeter/greeter.proto} (package {@code greet}, Java package
     * {@code com.example.greet}): message {@code Hello} and, named {@code services}, services with a
     * unary {@code Say} and a bidirectional {@code Chat}.
     */
    static Path writeGreeter(Path file, String... services) throws IOException {
        FileDescriptorProto.Builder greeter = FileDescriptorProto.newBuilder().setName("greeter/greeter.proto")
            .setPackage("greet").setSyntax("proto3")
            .setOptions(FileOptions.newBuilder().setJavaPackage("com.example.greet").setJavaMultipleFiles(true))
            .addMessageType(DescriptorProto.newBuilder().setName("Hello"));
        for (String service : services) {
            greeter.addService(ServiceDescriptorProto.newBuilder().setName(service)
                .addMethod(MethodDescriptorProto.newBuilder().setName("Say").setInputType(".greet.Hello")
                    .setOutputType(".greet.Hello"))
                .addMethod(MethodDescriptorProto.newBuilder().setName("Chat").setInputType(".greet.Hello")
                    .setOutputType(".greet.Hello").setClientStreaming(true).setServerStreaming(true)));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, FileDescriptorSet.newBuilder().addFile(greeter).build().toByteArray());
        return file;
    }
}
