package io.cloudwego.kitex.testing;

import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/** {@code service Ping { oneway void fire() }}: the smallest service, for tests that need any one. */
public interface PingService {

    /** The empty args struct. */
    ThriftCodec<String> EMPTY_ARGS = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, String value) {
            out.writeFieldStop();
        }

        @Override
        public String read(ThriftReader in) {
            in.skip(io.cloudwego.kitex.remote.codec.thrift.ThriftType.STRUCT);
            return "";
        }
    };

    MethodDescriptor<PingService, String, Void> FIRE =
        MethodDescriptor.oneway("fire", EMPTY_ARGS, (service, args) -> CompletableFuture.completedFuture(null));

    ServiceDescriptor<PingService> DESCRIPTOR = ServiceDescriptor.of("Ping", PingService.class, FIRE);

    /** An implementation that does nothing. */
    static PingService create() {
        return new PingService() { };
    }
}
