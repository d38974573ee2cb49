package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.spring.boot.autoconfigure.micrometer.KitexObservationDocumentation.HighCardinalityKeyNames;
import io.cloudwego.kitex.spring.boot.autoconfigure.micrometer.KitexObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of client call observations: {@code rpc.client.call.duration}, named
 * {@code Service/method} in traces, with the keys of {@link KitexObservationDocumentation#CLIENT}.
 */
public class DefaultKitexClientObservationConvention implements KitexClientObservationConvention {

    /** The shared instance. */
    public static final DefaultKitexClientObservationConvention INSTANCE = new DefaultKitexClientObservationConvention();

    @Override
    public String getName() {
        return KitexObservationDocumentation.CLIENT.getName();
    }

    @Override
    public String getContextualName(KitexClientObservationContext context) {
        return KitexKeyValues.method(context.getRpcInfo());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(KitexClientObservationContext context) {
        return KitexKeyValues.lowCardinality(context)
            .and(LowCardinalityKeyNames.KITEX_RETRY.withValue(Boolean.toString(context.getRpcInfo().attempt() > 0)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(KitexClientObservationContext context) {
        return KitexKeyValues.address(HighCardinalityKeyNames.SERVER_ADDRESS, HighCardinalityKeyNames.SERVER_PORT,
            context.getRpcInfo().callee().address());
    }
}
