package io.cloudwego.kitex.samples.echo.server;

import static io.cloudwego.kitex.samples.echo.server.EchoServerTesting.freePort;
import static io.cloudwego.kitex.samples.echo.server.EchoServerTesting.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.samples.echo.ChatMessage;
import io.cloudwego.kitex.samples.echo.ChatServiceClient;
import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoServiceClient;
import io.cloudwego.kitex.samples.interop.LibthriftSupport;
import io.cloudwego.kitex.streaming.StreamObserver;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The server application, given the Kitex port as its jar is: it serves EchoService there to a
 * kitex-java client and to an Apache Thrift framed client, Actuator reports those calls over HTTP,
 * and the port is released when the application closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServerApplicationTest {

    @Test
    void servesEchoServiceOnTheKitexPortItIsGiven() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext app = SpringApplication.run(EchoServerApplication.class,
            "--kitex.server.port=" + port, "--server.port=0")) {
            try (EchoServiceClient kitex = new EchoServiceClient(EchoServiceClient.builder("echo")
                .addresses("127.0.0.1:" + port).rpcTimeout(Duration.ofSeconds(5)).build())) {
                assertThat(kitex.echo(EchoRequest.builder().message("from kitex-java").build()).message())
                    .isEqualTo("from kitex-java");
            }
            try (LibthriftSupport.Client thrift = new LibthriftSupport.Client(port, LibthriftSupport.Framing.FRAMED)) {
                assertThat(thrift.echo("from libthrift")).isEqualTo("from libthrift");
            }

            int httpPort = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            JsonNode server = get(httpPort, "/actuator/kitex").path("server");
            assertThat(server.path("port").asInt()).isEqualTo(port);
            assertThat(server.path("requests").path("total").asLong()).isEqualTo(2);
            JsonNode service = service(server, "EchoService");
            assertThat(service.path("bean").asString()).isEqualTo("echoServiceImpl");
            assertThat(service.path("methods").findValuesAsString("name")).containsExactly("echo", "fire");

            JsonNode timer = get(httpPort, "/actuator/metrics/rpc.server.call.duration");
            assertThat(timer.path("measurements").path(0).path("statistic").asString()).isEqualTo("COUNT");
            assertThat(timer.path("measurements").path(0).path("value").asDouble()).isEqualTo(2.0);
            assertThat(tagValues(timer, "rpc.method")).containsExactly("EchoService/echo");

            JsonNode health = get(httpPort, "/actuator/health");
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("kitex").path("details").path("port").asInt()).isEqualTo(port);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void servesChatServicesStreamingMethodsOverGrpcOnTheSamePort() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext app = SpringApplication.run(EchoServerApplication.class,
            "--kitex.server.port=" + port, "--server.port=0");
             ChatServiceClient chat = new ChatServiceClient(ChatServiceClient.builder("chat")
                 .addresses("127.0.0.1:" + port).rpcTimeout(Duration.ofSeconds(5)).build())) {
            assertThat(chat.hello(message("plain Thrift")).text()).isEqualTo("hello, plain Thrift");

            Collected words = new Collected();
            chat.words(message(" three  short words "), words);
            assertThat(words.ended.get(10, TimeUnit.SECONDS)).containsExactly("three", "short", "words");

            Collected answers = new Collected();
            StreamObserver<ChatMessage> requests = chat.chat(answers);
            for (int i = 0; i < 50; i++) {
                requests.onNext(message("m" + i));
            }
            requests.onCompleted();
            assertThat(answers.ended.get(10, TimeUnit.SECONDS)).hasSize(50).startsWith("heard: m0").endsWith("heard: m49");

            int httpPort = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            JsonNode service = service(get(httpPort, "/actuator/kitex").path("server"), "ChatService");
            assertThat(service.path("methods").findValuesAsString("name")).containsExactly("hello", "words", "chat");
        }
    }

    private static ChatMessage message(String text) {
        return ChatMessage.builder().text(text).build();
    }

    /** The texts of a response stream, once it has ended. */
    private static final class Collected implements StreamObserver<ChatMessage> {
        private final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<List<String>> ended = new CompletableFuture<>();

        @Override
        public void onNext(ChatMessage message) {
            texts.add(message.text());
        }

        @Override
        public void onError(Throwable error) {
            ended.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
            ended.complete(List.copyOf(texts));
        }
    }

    private static JsonNode service(JsonNode server, String name) {
        for (JsonNode service : server.path("services").values()) {
            if (service.path("name").asString().equals(name)) {
                return service;
            }
        }
        throw new AssertionError("no service " + name + " in " + server);
    }

    private static List<String> tagValues(JsonNode metric, String tag) {
        for (JsonNode available : metric.path("availableTags").values()) {
            if (available.path("tag").asString().equals(tag)) {
                return available.path("values").values().stream().map(JsonNode::asString).toList();
            }
        }
        throw new AssertionError("no tag " + tag + " in " + metric);
    }
}
