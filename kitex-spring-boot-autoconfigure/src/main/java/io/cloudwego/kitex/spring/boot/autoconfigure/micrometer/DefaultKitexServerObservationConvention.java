package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.spring.boot.autoconfigure.micrometer.KitexObservationDocumentation.HighCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of server call observations: {@code rpc.server.call.duration}, named
 * {@code Service/method} in traces, with the keys of {@link KitexObservationDocumentation#SERVER}.
 */
public class DefaultKitexServerObservationConvention implements KitexServerObservationConvention {

    /** The shared instance. */
    public static final DefaultKitexServerObservationConvention INSTANCE = new DefaultKitexServerObservationConvention();

    @Override
    public String getName() {
        return KitexObservationDocumentation.SERVER.getName();
    }

    @Override
    public String getContextualName(KitexServerObservationContext context) {
        return KitexKeyValues.method(context.getRpcInfo());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(KitexServerObservationContext context) {
        return KitexKeyValues.lowCardinality(context);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(KitexServerObservationContext context) {
        return KitexKeyValues.address(HighCardinalityKeyNames.CLIENT_ADDRESS, HighCardinalityKeyNames.CLIENT_PORT,
            context.getRpcInfo().caller().address());
    }
}
