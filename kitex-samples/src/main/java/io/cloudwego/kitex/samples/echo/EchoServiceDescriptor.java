package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ResultCodec;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/** The args and result structs of EchoService's methods, and its descriptor. */
final class EchoServiceDescriptor {
    private EchoServiceDescriptor() {
    }

    /** {@code echo_args} and {@code fire_args}: {@code {1: EchoRequest req}}. */
    static final ThriftCodec<EchoRequest> REQ_ARGS = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, EchoRequest req) {
            out.writeFieldBegin(ThriftType.STRUCT, (short) 1);
            out.writeStruct(EchoRequest.CODEC, req);
            out.writeFieldStop();
        }

        @Override
        public EchoRequest read(ThriftReader in) {
            EchoRequest req = null;
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                if (in.readFieldId() == 1 && type == ThriftType.STRUCT) {
                    req = in.readStruct(EchoRequest.CODEC);
                } else {
                    in.skip(type);
                }
            }
            return req;
        }
    };

    /** {@code echo_result}: {@code {0: EchoResponse success}}. */
    static final ResultCodec<EchoResponse> ECHO_RESULT = new ResultCodec<>() {
        @Override
        public boolean declares(Throwable error) {
            return false;
        }

        @Override
        public void writeSuccess(ThriftWriter out, EchoResponse success) {
            out.writeFieldBegin(ThriftType.STRUCT, (short) 0);
            out.writeStruct(EchoResponse.CODEC, success);
            out.writeFieldStop();
        }

        @Override
        public void writeException(ThriftWriter out, IdlException error) {
            throw new IllegalArgumentException("echo declares no exceptions", error);
        }

        @Override
        public EchoResponse read(ThriftReader in) {
            EchoResponse success = null;
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                if (in.readFieldId() == 0 && type == ThriftType.STRUCT) {
                    success = in.readStruct(EchoResponse.CODEC);
                } else {
                    in.skip(type);
                }
            }
            if (success == null) {
                throw new io.cloudwego.kitex.errors.RemoteApplicationException(
                    io.cloudwego.kitex.errors.RemoteApplicationException.MISSING_RESULT, "echo failed: unknown result");
            }
            return success;
        }
    };

    static final MethodDescriptor<EchoService, EchoRequest, EchoResponse> ECHO = MethodDescriptor.of(
        "echo", REQ_ARGS, ECHO_RESULT, (service, req) -> CompletableFuture.completedFuture(service.echo(req)));

    static final MethodDescriptor<EchoService, EchoRequest, Void> FIRE = MethodDescriptor.oneway(
        "fire", REQ_ARGS, (service, req) -> {
            service.fire(req);
            return CompletableFuture.completedFuture(null);
        });

    static ServiceDescriptor<EchoService> create() {
        return ServiceDescriptor.of("EchoService", EchoService.class, ECHO, FIRE);
    }
}
