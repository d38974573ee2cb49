package io.cloudwego.kitex.samples.rpc;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ResultCodec;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.testing.StringResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The services the RPC tests call, written by hand the way generated code will look:
 *
 * <pre>
 * exception TestError { 1: string reason, 2: i32 code }
 *
 * service TestService {
 *   string echo(1: string msg)
 *   string slow(1: string msg)
 *   string risky(1: string msg) throws (1: TestError err)
 *   oneway void notify(1: string msg)
 * }
 *
 * service OtherService {
 *   string echo(1: string msg)      // same name as TestService.echo
 *   string only(1: string msg)
 * }
 * </pre>
 *
 * Implementations are asynchronous: a test decides per method when and how each call completes.
 * Every method has a default, so a test overrides only what it looks at.
 */
final class TestServices {
    private TestServices() {
    }

    /** {@code exception TestError { 1: string reason, 2: i32 code }}. */
    static final class TestError extends IdlException {
        private static final long serialVersionUID = 1L;

        private final String reason;
        private final int code;

        TestError(String reason, int code) {
            super("TestError(reason=" + reason + ", code=" + code + ")");
            this.reason = reason;
            this.code = code;
        }

        String reason() {
            return reason;
        }

        int code() {
            return code;
        }

        static final ThriftCodec<TestError> CODEC = new ThriftCodec<>() {
            @Override
            public void write(ThriftWriter out, TestError value) {
                out.writeFieldBegin(ThriftType.STRING, (short) 1);
                out.writeString(value.reason);
                out.writeFieldBegin(ThriftType.I32, (short) 2);
                out.writeI32(value.code);
                out.writeFieldStop();
            }

            @Override
            public TestError read(ThriftReader in) {
                String reason = "";
                int code = 0;
                for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                    short id = in.readFieldId();
                    if (id == 1 && type == ThriftType.STRING) {
                        reason = in.readString();
                    } else if (id == 2 && type == ThriftType.I32) {
                        code = in.readI32();
                    } else {
                        in.skip(type);
                    }
                }
                return new TestError(reason, code);
            }
        };
    }

    /** {@code service TestService}; every method has a default implementation. */
    interface TestService {
        /** Default: answers {@code msg}. */
        default CompletableFuture<String> echo(String msg) {
            return CompletableFuture.completedFuture(msg);
        }

        /** Default: answers {@code msg} after the number of milliseconds {@code msg} spells. */
        default CompletableFuture<String> slow(String msg) {
            return after(Duration.ofMillis(Long.parseLong(msg)), msg);
        }

        /** Default: answers {@code msg}; may fail with the declared {@link TestError}. */
        default CompletableFuture<String> risky(String msg) {
            return CompletableFuture.completedFuture(msg);
        }

        /** Oneway. Default: does nothing. */
        default CompletableFuture<Void> notify(String msg) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** {@code service OtherService}; every method has a default implementation. */
    interface OtherService {
        /** Default: answers {@code "other:" + msg}. */
        default CompletableFuture<String> echo(String msg) {
            return CompletableFuture.completedFuture("other:" + msg);
        }

        /** Default: answers {@code "only:" + msg}. */
        default CompletableFuture<String> only(String msg) {
            return CompletableFuture.completedFuture("only:" + msg);
        }
    }

    /** A future that completes with {@code value} after {@code delay}, without holding a thread. */
    static <T> CompletableFuture<T> after(Duration delay, T value) {
        return CompletableFuture.supplyAsync(() -> value,
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** The args struct of every method: {@code {1: string msg}}. */
    static final ThriftCodec<String> MSG_ARGS = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, String msg) {
            out.writeFieldBegin(ThriftType.STRING, (short) 1);
            out.writeString(msg);
            out.writeFieldStop();
        }

        @Override
        public String read(ThriftReader in) {
            String msg = null;
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                if (in.readFieldId() == 1 && type == ThriftType.STRING) {
                    msg = in.readString();
                } else {
                    in.skip(type);
                }
            }
            return msg == null ? "" : msg;
        }
    };

    /** The result struct {@code {0: string success}} of {@code method}, declaring no exception. */
    static ResultCodec<String> stringResult(String method) {
        return new StringResult(method);
    }

    /** The result struct {@code {0: string success, 1: TestError err}} of {@code method}. */
    static ResultCodec<String> stringResultThrowingTestError(String method) {
        return StringResult.declaring(method, TestError.class, TestError.CODEC);
    }

    static final MethodDescriptor<TestService, String, String> ECHO =
        MethodDescriptor.of("echo", MSG_ARGS, stringResult("echo"), TestService::echo);
    static final MethodDescriptor<TestService, String, String> SLOW =
        MethodDescriptor.of("slow", MSG_ARGS, stringResult("slow"), TestService::slow);
    static final MethodDescriptor<TestService, String, String> RISKY =
        MethodDescriptor.of("risky", MSG_ARGS, stringResultThrowingTestError("risky"), TestService::risky);
    static final MethodDescriptor<TestService, String, Void> NOTIFY =
        MethodDescriptor.oneway("notify", MSG_ARGS, TestService::notify);

    static final ServiceDescriptor<TestService> TEST_SERVICE =
        ServiceDescriptor.of("TestService", TestService.class, ECHO, SLOW, RISKY, NOTIFY);

    static final MethodDescriptor<OtherService, String, String> OTHER_ECHO =
        MethodDescriptor.of("echo", MSG_ARGS, stringResult("echo"), OtherService::echo);
    static final MethodDescriptor<OtherService, String, String> OTHER_ONLY =
        MethodDescriptor.of("only", MSG_ARGS, stringResult("only"), OtherService::only);

    static final ServiceDescriptor<OtherService> OTHER_SERVICE =
        ServiceDescriptor.of("OtherService", OtherService.class, OTHER_ECHO, OTHER_ONLY);

    // ---- client-side views of services a server does not have ----------------------------------

    /** A method no server implements; only a client calls it. */
    static final MethodDescriptor<TestService, String, String> MISSING = MethodDescriptor.of(
        "missing", MSG_ARGS, stringResult("missing"), (service, msg) -> {
            throw new AssertionError("a client-only method was invoked on a server");
        });

    /** TestService as a client that believes it has a {@code missing} method sees it. */
    static final ServiceDescriptor<TestService> TEST_SERVICE_WITH_MISSING_METHOD =
        ServiceDescriptor.of("TestService", TestService.class, ECHO, MISSING);

    /** A service no server registers, whose {@code echo} exists in both real services. */
    static final ServiceDescriptor<TestService> GHOST_SERVICE =
        ServiceDescriptor.of("GhostService", TestService.class, ECHO);

    /** TestService as a client that believes it has OtherService's {@code only} sees it. */
    static final ServiceDescriptor<OtherService> TEST_SERVICE_NAMED_BUT_OTHER_METHODS =
        ServiceDescriptor.of("TestService", OtherService.class, OTHER_ONLY);
}
