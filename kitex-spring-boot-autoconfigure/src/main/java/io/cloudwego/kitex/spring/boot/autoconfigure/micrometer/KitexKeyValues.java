package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.spring.boot.autoconfigure.micrometer.KitexObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/** The key values both default conventions share. */
final class KitexKeyValues {
    /** The value of {@code rpc.system.name}. */
    static final String SYSTEM_NAME = "kitex";
    /** The value of {@code error.type} when the call succeeded. */
    static final String NO_ERROR = "none";
    /** Present in the context of an observation once its call has ended. */
    private static final String ENDED = KitexKeyValues.class.getName() + ".ended";

    private KitexKeyValues() {
    }

    /** The fully qualified method of {@code info}: {@code Service/method}. */
    static String method(RpcInfo info) {
        return info.idlServiceName() + "/" + info.method();
    }

    /** Marks the call of {@code context} ended, with a result or an error. */
    static void markEnded(Observation.Context context) {
        context.put(ENDED, Boolean.TRUE);
    }

    /** System and method from the start; status and error type once the call has ended. */
    static <C extends Observation.Context & KitexObservationContext> KeyValues lowCardinality(C context) {
        KeyValues values = KeyValues.of(
            LowCardinalityKeyNames.RPC_SYSTEM_NAME.withValue(SYSTEM_NAME),
            LowCardinalityKeyNames.RPC_METHOD.withValue(method(context.getRpcInfo())));
        if (!context.containsKey(ENDED)) {
            return values;
        }
        Throwable error = context.getError();
        return values.and(
            LowCardinalityKeyNames.RPC_RESPONSE_STATUS_CODE.withValue(statusCode(error)),
            LowCardinalityKeyNames.ERROR_TYPE.withValue(error == null ? NO_ERROR : error.getClass().getName()));
    }

    /** Host and port of {@code address}, when it is an IP socket address. */
    static KeyValues address(KeyName host, KeyName port, @Nullable SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return KeyValues.of(host.withValue(inet.getHostString()), port.withValue(Integer.toString(inet.getPort())));
        }
        return KeyValues.empty();
    }

    /** The value of {@code rpc.response.status_code} for a call that ended with {@code error}. */
    static String statusCode(@Nullable Throwable error) {
        if (error == null) {
            return "OK";
        }
        if (error instanceof BizStatusException biz) {
            return Integer.toString(biz.statusCode());
        }
        if (error instanceof RemoteApplicationException application) {
            return applicationExceptionType(application.type());
        }
        if (error instanceof IdlException) {
            return "IDL_EXCEPTION";
        }
        if (error instanceof RpcTimeoutException) {
            return "TIMEOUT";
        }
        return "ERROR";
    }

    private static String applicationExceptionType(int type) {
        return switch (type) {
            case RemoteApplicationException.UNKNOWN -> "UNKNOWN";
            case RemoteApplicationException.UNKNOWN_METHOD -> "UNKNOWN_METHOD";
            case RemoteApplicationException.INVALID_MESSAGE_TYPE -> "INVALID_MESSAGE_TYPE";
            case RemoteApplicationException.WRONG_METHOD_NAME -> "WRONG_METHOD_NAME";
            case RemoteApplicationException.BAD_SEQUENCE_ID -> "BAD_SEQUENCE_ID";
            case RemoteApplicationException.MISSING_RESULT -> "MISSING_RESULT";
            case RemoteApplicationException.INTERNAL_ERROR -> "INTERNAL_ERROR";
            case RemoteApplicationException.PROTOCOL_ERROR -> "PROTOCOL_ERROR";
            case RemoteApplicationException.INVALID_TRANSFORM -> "INVALID_TRANSFORM";
            case RemoteApplicationException.INVALID_PROTOCOL -> "INVALID_PROTOCOL";
            case RemoteApplicationException.UNSUPPORTED_CLIENT_TYPE -> "UNSUPPORTED_CLIENT_TYPE";
            case RemoteApplicationException.UNKNOWN_SERVICE -> "UNKNOWN_SERVICE";
            case RemoteApplicationException.NO_SERVICE_NAME -> "NO_SERVICE_NAME";
            default -> "APPLICATION_EXCEPTION_" + type;
        };
    }
}
