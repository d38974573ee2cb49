package io.cloudwego.kitex.samples.echo.client;

import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.samples.echo.ChatMessage;
import io.cloudwego.kitex.samples.echo.ChatService;
import io.cloudwego.kitex.samples.echo.EchoLoad;
import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties;
import io.cloudwego.kitex.streaming.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Calls EchoService once the application has started, printing each result: an echo and a
 * fire-and-forget over every transport (one client each, {@code echo-ttheader}, …); ChatService's
 * plain call, and its server and bidirectional streams over gRPC; then a load loop on the
 * {@code echo} client, 1 KiB echo calls with 100 in flight for {@code echo.load-seconds} after a
 * one-second warm-up.
 */
@Component
class EchoCaller implements ApplicationRunner {
    private static final int IN_FLIGHT = 100;
    private static final int PAYLOAD_BYTES = 1024;

    private final EchoService.Async echo;
    private final ChatService chat;
    private final KitexClients clients;
    private final KitexProperties.ClientSettings echoSettings;
    private final Duration load;

    EchoCaller(@KitexClient("echo") EchoService.Async echo, @KitexClient("chat") ChatService chat, KitexClients clients,
               KitexProperties properties, @Value("${echo.load-seconds}") long loadSeconds) {
        this.echo = echo;
        this.chat = chat;
        this.clients = clients;
        this.echoSettings = properties.client().settings("echo");
        this.load = Duration.ofSeconds(loadSeconds);
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        for (Transport transport : Transport.messageFramings()) {
            EchoService client = clients.get("echo-" + transport.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                EchoService.class);
            String reply = client.echo(request("hello over " + transport)).message();
            client.fire(request("fire-and-forget over " + transport));
            System.out.println("  " + transport + ": echo -> \"" + reply + "\"");
        }
        callChat();

        EchoLoad.Result result = EchoLoad.run(echo, IN_FLIGHT, PAYLOAD_BYTES, Duration.ofSeconds(1), load);
        System.out.printf(Locale.ROOT, "load: 1 KiB echo, %d in flight, %s, %s pool: %,d calls in %.1f s = %,.0f calls/s,"
                + " %d errors%n", IN_FLIGHT, echoSettings.transport(), echoSettings.pool(), result.calls(),
            result.seconds(), result.callsPerSecond(), result.errors());
    }

    /** ChatService: a plain Thrift call, then a server stream and a bidirectional stream over gRPC. */
    private void callChat() throws Exception {
        System.out.println("  ChatService.hello (Thrift, TTHEADER_FRAMED) -> \"" + chat.hello(chatMessage("kitex")).text() + "\"");

        Responses words = new Responses();
        chat.words(chatMessage("streams over gRPC as Thrift"), words);
        System.out.println("  ChatService.words (server streaming, application/grpc+thrift) -> " + words.await());

        Responses answers = new Responses();
        StreamObserver<ChatMessage> requests = chat.chat(answers);
        requests.onNext(chatMessage("ping"));
        requests.onNext(chatMessage("pong"));
        requests.onCompleted();
        System.out.println("  ChatService.chat (bidirectional streaming, application/grpc+thrift) -> " + answers.await());
    }

    private static ChatMessage chatMessage(String text) {
        return ChatMessage.builder().text(text).build();
    }

    /** The messages of a response stream, once it has ended. */
    private static final class Responses implements StreamObserver<ChatMessage> {
        private final List<String> texts = new ArrayList<>();
        private final CompletableFuture<List<String>> ended = new CompletableFuture<>();

        @Override
        public synchronized void onNext(ChatMessage message) {
            texts.add(message.text());
        }

        @Override
        public void onError(Throwable error) {
            ended.completeExceptionally(error);
        }

        @Override
        public synchronized void onCompleted() {
            ended.complete(List.copyOf(texts));
        }

        String await() throws Exception {
            return ended.get(10, TimeUnit.SECONDS).stream().map(text -> "\"" + text + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    private static EchoRequest request(String message) {
        return EchoRequest.builder().message(message).build();
    }
}
