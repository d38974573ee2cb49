package io.cloudwego.kitex.client;

import io.cloudwego.kitex.internal.Settings;
import io.cloudwego.kitex.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What a client applies to each new call of one method.
 *
 * @param rpcTimeout the time one attempt may take, or {@link Duration#ZERO} for none
 * @param retry how to send more attempts, or {@code null} for a single attempt
 * @param idempotent whether running the method twice is harmless, so that an attempt that may have
 *     reached the server may be retried
 */
public record CallPolicy(Duration rpcTimeout, RetryPolicy retry, boolean idempotent) {
    /** One attempt with no timeout: the policy of a client with no settings, as Kitex. */
    public static final CallPolicy DEFAULT = new CallPolicy(Duration.ZERO, null, false);

    public CallPolicy {
        Settings.zeroOrPositive(rpcTimeout, "rpcTimeout");
    }

    /** This policy with {@code rpcTimeout}. */
    public CallPolicy withRpcTimeout(Duration rpcTimeout) {
        return new CallPolicy(rpcTimeout, retry, idempotent);
    }

    /** This policy with {@code retry} ({@code null} for none). */
    public CallPolicy withRetry(RetryPolicy retry) {
        return new CallPolicy(rpcTimeout, retry, idempotent);
    }

    /** This policy with the method declared idempotent or not. */
    public CallPolicy withIdempotent(boolean idempotent) {
        return new CallPolicy(rpcTimeout, retry, idempotent);
    }

    @Override
    public String toString() {
        return "CallPolicy{rpcTimeout=" + rpcTimeout + ", retry=" + Objects.toString(retry, "none")
            + ", idempotent=" + idempotent + '}';
    }
}
