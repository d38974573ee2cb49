package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code kitex} health indicator ({@link KitexHealthIndicator}), when the
 * application has a Kitex server; {@code management.health.kitex.enabled=false} turns it off.
 */
@AutoConfiguration(after = KitexServerAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(KitexServer.class)
@ConditionalOnEnabledHealthIndicator("kitex")
public final class KitexHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kitexHealthIndicator")
    KitexHealthIndicator kitexHealthIndicator(KitexServer server) {
        return new KitexHealthIndicator(server);
    }
}
