package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of client call observations. A bean of this type replaces
 * {@link DefaultKitexClientObservationConvention}.
 */
public interface KitexClientObservationConvention extends ObservationConvention<KitexClientObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof KitexClientObservationContext;
    }
}
