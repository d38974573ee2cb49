package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClientMiddleware;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every call the clients make ({@link KitexObservationDocumentation#CLIENT}): a timer
 * {@code rpc.client.call.duration} with Micrometer's meter handler, a span with Micrometer Tracing.
 */
public final class KitexClientObservationMiddleware implements KitexClientMiddleware {
    private final ObservationRegistry registry;
    private final @Nullable KitexClientObservationConvention convention;

    /**
     * @param registry where observations go
     * @param convention the convention to use in place of the default one, or {@code null}
     */
    public KitexClientObservationMiddleware(ObservationRegistry registry, @Nullable KitexClientObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public Endpoint wrap(Endpoint next) {
        return ObservedEndpoint.wrap(next, KitexClientObservationContext::new, convention,
            DefaultKitexClientObservationConvention.INSTANCE, registry);
    }
}
