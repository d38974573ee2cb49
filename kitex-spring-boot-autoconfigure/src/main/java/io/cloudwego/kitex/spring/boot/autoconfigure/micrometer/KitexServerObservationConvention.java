package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of server call observations. A bean of this type replaces
 * {@link DefaultKitexServerObservationConvention}.
 */
public interface KitexServerObservationConvention extends ObservationConvention<KitexServerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof KitexServerObservationContext;
    }
}
