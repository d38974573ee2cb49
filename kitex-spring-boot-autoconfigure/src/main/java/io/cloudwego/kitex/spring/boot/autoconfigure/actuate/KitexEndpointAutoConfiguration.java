package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServices;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of the {@code kitex} Actuator endpoint ({@link KitexEndpoint}). */
@AutoConfiguration(after = {KitexAutoConfiguration.class, KitexServerAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(KitexEndpoint.class)
public final class KitexEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KitexEndpoint kitexEndpoint(ObjectProvider<KitexServer> server, ObjectProvider<KitexServices> services,
                                ObjectProvider<KitexClients> clients) {
        return new KitexEndpoint(server.getIfUnique(), services.getIfUnique(), clients.getIfUnique());
    }
}
