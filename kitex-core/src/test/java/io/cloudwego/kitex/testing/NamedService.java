package io.cloudwego.kitex.testing;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ResultCodec;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/**
 * {@code service Named { string name() }}: answers with a name, so that a test sees which of several
 * servers a call reached. Its args are {@link PingService#EMPTY_ARGS}: call it with {@code ""}.
 */
@FunctionalInterface
public interface NamedService {

    /** The name this implementation answers with; may wait, to keep a call in flight. */
    String name() throws InterruptedException;

    /** {@code name_result}: {@code {0: string success}}. */
    ResultCodec<String> NAME_RESULT = new ResultCodec<>() {
        @Override
        public boolean declares(Throwable error) {
            return false;
        }

        @Override
        public void writeSuccess(ThriftWriter out, String name) {
            out.writeFieldBegin(ThriftType.STRING, (short) 0);
            out.writeString(name);
            out.writeFieldStop();
        }

        @Override
        public void writeException(ThriftWriter out, IdlException error) {
            throw new UnsupportedOperationException("name declares no exceptions");
        }

        @Override
        public String read(ThriftReader in) {
            String name = "";
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                if (in.readFieldId() == 0 && type == ThriftType.STRING) {
                    name = in.readString();
                } else {
                    in.skip(type);
                }
            }
            return name;
        }
    };

    MethodDescriptor<NamedService, String, String> NAME = MethodDescriptor.of("name", PingService.EMPTY_ARGS,
        NAME_RESULT, (service, args) -> CompletableFuture.completedFuture(service.name()));

    ServiceDescriptor<NamedService> DESCRIPTOR = ServiceDescriptor.of("Named", NamedService.class, NAME);
}
