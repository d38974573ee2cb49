package test.driver;

import io.cloudwego.kitex.streaming.StreamObserver;
import java.util.function.Function;
import java.util.function.IntFunction;

/** The request observers the drivers' streaming implementations return. */
final class Observers {
    private Observers() {
    }

    /** Counts the requests; when they end, sends {@code summary} of the count and completes. */
    static <Req, Resp> StreamObserver<Req> counting(StreamObserver<Resp> responseObserver, IntFunction<Resp> summary) {
        return new Recorder<>() {
            @Override
            public void onCompleted() {
                responseObserver.onNext(summary.apply(events.size()));
                responseObserver.onCompleted();
            }
        };
    }

    /** Answers each request with {@code reply} of it, and completes when the requests do. */
    static <Req, Resp> StreamObserver<Req> replying(StreamObserver<Resp> responseObserver, Function<Req, Resp> reply) {
        return new Recorder<>() {
            @Override
            public void onNext(Req value) {
                responseObserver.onNext(reply.apply(value));
            }

            @Override
            public void onCompleted() {
                responseObserver.onCompleted();
            }
        };
    }
}
