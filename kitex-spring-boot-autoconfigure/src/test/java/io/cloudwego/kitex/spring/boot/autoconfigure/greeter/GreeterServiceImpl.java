package io.cloudwego.kitex.spring.boot.autoconfigure.greeter;

import io.cloudwego.kitex.errors.BizStatusException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Greets by name and remembers the threads its calls ran on. */
public class GreeterServiceImpl implements GreeterService {
    /** The biz status code of the answer to an empty name. */
    public static final int EMPTY_NAME_STATUS = 1001;

    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    @Override
    public String greet(String name) {
        threads.add(Thread.currentThread());
        if (name.isEmpty()) {
            throw new BizStatusException(EMPTY_NAME_STATUS, "name is empty");
        }
        return "hello, " + name;
    }

    /** The threads calls ran on, oldest first. */
    public Queue<Thread> threads() {
        return threads;
    }
}
