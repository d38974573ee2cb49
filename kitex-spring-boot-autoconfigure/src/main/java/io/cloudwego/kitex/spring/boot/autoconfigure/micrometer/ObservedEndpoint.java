package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Wraps an endpoint in one observation per call, ended when the call's future completes; calls go
 * straight through when observations are off (a no-op registry, or a predicate that rejects them).
 */
final class ObservedEndpoint {
    private ObservedEndpoint() {
    }

    static <C extends Observation.Context & KitexObservationContext> Endpoint wrap(Endpoint next,
                                                             Function<RpcInfo, C> contexts,
                                                             @Nullable ObservationConvention<C> convention,
                                                             ObservationConvention<C> defaultConvention,
                                                             ObservationRegistry registry) {
        return (info, request) -> {
            Observation observation = Observation.createNotStarted(convention, defaultConvention,
                () -> contexts.apply(info), registry);
            if (observation.isNoop()) {
                return next.call(info, request);
            }
            Observation.Context context = observation.getContext();
            observation.start();
            CompletableFuture<Object> result;
            try (Observation.Scope ignored = observation.openScope()) {
                result = next.call(info, request);
            } catch (RuntimeException | Error e) {
                end(observation, context, e);
                throw e;
            }
            if (result == null) {
                NullPointerException e = new NullPointerException("endpoint returned no future");
                end(observation, context, e);
                throw e;
            }
            // The observation ends before anything that depends on the returned future runs.
            return result.whenComplete((value, error) -> end(observation, context, error));
        };
    }

    private static void end(Observation observation, Observation.Context context, @Nullable Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause != null) {
            observation.error(cause);
        }
        KitexKeyValues.markEnded(context);
        observation.stop();
    }
}
