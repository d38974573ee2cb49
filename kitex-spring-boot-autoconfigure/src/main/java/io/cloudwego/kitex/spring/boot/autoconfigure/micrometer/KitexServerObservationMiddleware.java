package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerMiddleware;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every call the server handles ({@link KitexObservationDocumentation#SERVER}): a timer
 * {@code rpc.server.call.duration} with Micrometer's meter handler, a span with Micrometer Tracing.
 */
public final class KitexServerObservationMiddleware implements KitexServerMiddleware {
    private final ObservationRegistry registry;
    private final @Nullable KitexServerObservationConvention convention;

    /**
     * @param registry where observations go
     * @param convention the convention to use in place of the default one, or {@code null}
     */
    public KitexServerObservationMiddleware(ObservationRegistry registry, @Nullable KitexServerObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public Endpoint wrap(Endpoint next) {
        return ObservedEndpoint.wrap(next, KitexServerObservationContext::new, convention,
            DefaultKitexServerObservationConvention.INSTANCE, registry);
    }
}
