package io.cloudwego.kitex.codegen.java;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.codegen.ThriftCompiler;
import io.cloudwego.kitex.codegen.thrift.IdlLoader;
import io.cloudwego.kitex.codegen.thrift.Program;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thrift methods annotated {@code streaming.mode} (idl/streaming/streaming.thrift): generated like
 * Protobuf methods of the same kind, compiled with {@code -Xlint:all -Werror} and used by
 * ThriftStreamingDriver.
 */
class ThriftStreamingTest {
    static final Path IDL = JavaCompilation.resourcePath("/idl/streaming/streaming.thrift");

    private static Map<String, String> sources;
    private static URLClassLoader loader;

    static synchronized Map<String, String> sources() throws IOException {
        if (sources == null) {
            sources = ThriftCompiler.builder().input(IDL).build().generate();
            loader = JavaCompilation.compileWithDrivers(sources, "ThriftStreamingDriver", "Recorder", "Observers");
        }
        return sources;
    }

    @Test
    void theGeneratedApiWorksForEveryKindOfMethod() throws Exception {
        sources();
        JavaCompilation.run(loader, "ThriftStreamingDriver");
    }

    @Test
    void streamingMethodsHaveTheSignaturesOfProtobufMethodsOfTheirKind() throws IOException {
        String streaming = sources().get("test/streaming/Streaming.java");
        assertThat(streaming).contains(
            "    /** Plain Thrift: the summary counts the topic's notes. */\n    Summary count(Topic topic) throws Busy;",
            "    void fire(Note note);",
            "    /** Unary over gRPC: one note, one reply. */\n    Note echo(Note request);",
            "    /** Server streaming: one request; the responses go to {@code responseObserver}. */\n"
                + "    void subscribe(Topic request, StreamObserver<Note> responseObserver);",
            "    /** Client streaming: the summary counts the notes. */\n"
                + "    StreamObserver<Note> upload(StreamObserver<Summary> responseObserver);",
            "    StreamObserver<Note> chat(StreamObserver<Note> responseObserver);",
            "    Note hashCode_(Topic request);",
            "        CompletableFuture<Note> echo(Note request);",
            "        void subscribe(Topic request, StreamObserver<Note> responseObserver);",
            "        CompletableFuture<Summary> count(Topic topic);");
        assertThat(sources().get("test/streaming/StreamingDescriptor.java")).contains(
            "    /** Writes and reads {@code Note} alone, as Thrift over gRPC carries it. */\n"
                + "    public static final io.cloudwego.kitex.remote.codec.MessageCodec<Note> NOTE_CODEC ="
                + " io.cloudwego.kitex.remote.codec.MessageCodec.thrift(Note.CODEC);",
            "    /** {@code subscribe}, server streaming. */\n"
                + "    public static final StreamingMethodDescriptor<Streaming, Topic, Note> SUBSCRIBE ="
                + " StreamingMethodDescriptor.serverStreaming(\"chatroom.Streaming/subscribe\", TOPIC_CODEC, NOTE_CODEC,"
                + " (service, request, responseObserver) -> service.subscribe(request, responseObserver));",
            "return ServiceDescriptor.thrift(\"chatroom\", \"Streaming\", Streaming.class, List.of(COUNT, FIRE),"
                + " List.of(ECHO, SUBSCRIBE, UPLOAD, CHAT, HASH_CODE, CONVERT));")
            .doesNotContain("ECHO_ARGS", "ECHO_RESULT");
        assertThat(sources().get("test/streaming/ExtendedDescriptor.java")).contains(
            "/** {@code echo}, inherited, unary. */",
            "StreamingMethodDescriptor.unary(\"chatroom.Extended/echo\", NOTE_CODEC, NOTE_CODEC,");
        assertThat(sources().get("test/streaming/StreamingClient.java")).contains(
            "            public void subscribe(Topic request, StreamObserver<Note> responseObserver) {\n"
                + "                StreamingClient.this.client.serverStreamingCall(StreamingDescriptor.SUBSCRIBE, request,"
                + " responseObserver);",
            "    public StreamObserver<Note> chat(StreamObserver<Note> responseObserver) {\n"
                + "        return this.client.bidiStreamingCall(StreamingDescriptor.CHAT, responseObserver);",
            "    public Note echo(Note request) {\n"
                + "        return this.client.callBlocking(StreamingDescriptor.ECHO, request);",
            "            public CompletableFuture<Note> echo(Note request) {\n"
                + "                return StreamingClient.this.client.call(StreamingDescriptor.ECHO, request);");
    }

    @Test
    void servicesWithoutStreamingMethodsKeepServiceDescriptorOf() {
        assertThat(GeneratedCode.all().sources.get("test/all/ItemServiceDescriptor.java"))
            .contains("return ServiceDescriptor.of(\"ItemService\", ItemService.class, ")
            .doesNotContain("MessageCodec", "StreamingMethodDescriptor");
    }

    @Test
    void theSkeletonImplementsStreamingMethodsAndTestsAPlainOne(@TempDir Path dir) throws IOException {
        Program program = IdlLoader.load(List.of(IDL), List.of());
        SkeletonGenerator.Skeleton skeleton = new SkeletonGenerator(program, "com.example.chat")
            .generate(program.files().get(0), "Chat", "chat");
        String impl = skeleton.mainSources().get("com/example/chat/StreamingImpl.java");
        assertThat(impl).contains(
            "    public StreamObserver<Note> chat(StreamObserver<Note> responseObserver) {\n"
                + "        throw new UnsupportedOperationException(\"Streaming.chat is not implemented\");",
            "    public void subscribe(Topic request, StreamObserver<Note> responseObserver) {");
        String test = skeleton.testSources().get("com/example/chat/ChatApplicationTests.java");
        assertThat(test).contains("void streamingCountIsNotImplemented() {", "void extendedCountIsNotImplemented() {")
            .doesNotContain("echo(", "chat(");
        Map<String, String> all = new TreeMap<>(new JavaGenerator(program, "com.example.chat", null).generate());
        all.putAll(skeleton.mainSources());
        all.putAll(skeleton.testSources());
        JavaCompilation.compile(all, dir);
    }
}
