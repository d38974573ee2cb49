package test.driver;

import io.cloudwego.kitex.streaming.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a stream delivers: the values, the error, and {@code "completed"}. */
class Recorder<T> implements StreamObserver<T> {
    final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void onNext(T value) {
        events.add(value);
    }

    @Override
    public void onError(Throwable error) {
        events.add(error);
    }

    @Override
    public void onCompleted() {
        events.add("completed");
    }
}
