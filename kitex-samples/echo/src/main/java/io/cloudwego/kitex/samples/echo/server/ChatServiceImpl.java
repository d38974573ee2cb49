package io.cloudwego.kitex.samples.echo.server;

import io.cloudwego.kitex.samples.echo.ChatMessage;
import io.cloudwego.kitex.samples.echo.ChatService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.streaming.StreamObserver;

/** Greets, splits sentences into words and answers chat messages: a Thrift service that streams over gRPC. */
@KitexService
public final class ChatServiceImpl implements ChatService {
    @Override
    public ChatMessage hello(ChatMessage message) {
        return message("hello, " + message.text());
    }

    @Override
    public void words(ChatMessage sentence, StreamObserver<ChatMessage> responseObserver) {
        for (String word : sentence.text().trim().split("\\s+")) {
            if (!word.isEmpty()) {
                responseObserver.onNext(message(word));
            }
        }
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<ChatMessage> chat(StreamObserver<ChatMessage> responseObserver) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ChatMessage message) {
                responseObserver.onNext(message("heard: " + message.text()));
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
                responseObserver.onCompleted();
            }
        };
    }

    private static ChatMessage message(String text) {
        return ChatMessage.builder().text(text).build();
    }
}
