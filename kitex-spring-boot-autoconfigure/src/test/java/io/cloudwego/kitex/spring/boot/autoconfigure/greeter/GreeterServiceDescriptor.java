package io.cloudwego.kitex.spring.boot.autoconfigure.greeter;

import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.testing.StringResult;
import java.util.concurrent.CompletableFuture;

/** The args struct of Greeter's method, and its descriptor. */
public final class GreeterServiceDescriptor {
    private GreeterServiceDescriptor() {
    }

    /** {@code greet_args}: {@code {1: string name}}. */
    static final ThriftCodec<String> GREET_ARGS = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, String name) {
            out.writeFieldBegin(ThriftType.STRING, (short) 1);
            out.writeString(name);
            out.writeFieldStop();
        }

        @Override
        public String read(ThriftReader in) {
            String name = null;
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                if (in.readFieldId() == 1 && type == ThriftType.STRING) {
                    name = in.readString();
                } else {
                    in.skip(type);
                }
            }
            return name;
        }
    };

    /** {@code greet_result}: {@code {0: string success}}. */
    static final StringResult GREET_RESULT = new StringResult("greet");

    public static final MethodDescriptor<GreeterService, String, String> GREET = MethodDescriptor.of(
        "greet", GREET_ARGS, GREET_RESULT, (service, name) -> CompletableFuture.completedFuture(service.greet(name)));

    static ServiceDescriptor<GreeterService> create() {
        return ServiceDescriptor.of("Greeter", GreeterService.class, GREET);
    }

    static ServiceDescriptor<GreeterService.Async> createAsync() {
        return ServiceDescriptor.of("Greeter", GreeterService.Async.class,
            MethodDescriptor.<GreeterService.Async, String, String>of("greet", GREET_ARGS, GREET_RESULT, GreeterService.Async::greet));
    }
}
