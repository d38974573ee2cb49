package io.cloudwego.kitex.spring.boot.autoconfigure.greeter;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ResultCodec;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/** The args and result structs of Greeter's method, and its descriptor. */
final class GreeterServiceDescriptor {
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
    static final ResultCodec<String> GREET_RESULT = new ResultCodec<>() {
        @Override
        public boolean declares(Throwable error) {
            return false;
        }

        @Override
        public void writeSuccess(ThriftWriter out, String success) {
            out.writeFieldBegin(ThriftType.STRING, (short) 0);
            out.writeString(success);
            out.writeFieldStop();
        }

        @Override
        public void writeException(ThriftWriter out, IdlException error) {
            throw new IllegalArgumentException("greet declares no exceptions", error);
        }

        @Override
        public String read(ThriftReader in) {
            String success = null;
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                if (in.readFieldId() == 0 && type == ThriftType.STRING) {
                    success = in.readString();
                } else {
                    in.skip(type);
                }
            }
            if (success == null) {
                throw new RemoteApplicationException(RemoteApplicationException.MISSING_RESULT, "greet failed: unknown result");
            }
            return success;
        }
    };

    static final MethodDescriptor<GreeterService, String, String> GREET = MethodDescriptor.of(
        "greet", GREET_ARGS, GREET_RESULT, (service, name) -> CompletableFuture.completedFuture(service.greet(name)));

    static ServiceDescriptor<GreeterService> create() {
        return ServiceDescriptor.of("Greeter", GreeterService.class, GREET);
    }

    static ServiceDescriptor<GreeterService.Async> createAsync() {
        return ServiceDescriptor.of("Greeter", GreeterService.Async.class,
            MethodDescriptor.<GreeterService.Async, String, String>of("greet", GREET_ARGS, GREET_RESULT, GreeterService.Async::greet));
    }
}
