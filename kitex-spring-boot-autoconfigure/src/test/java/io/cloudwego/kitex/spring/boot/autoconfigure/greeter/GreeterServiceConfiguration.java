package io.cloudwego.kitex.spring.boot.autoconfigure.greeter;

import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves a {@link GreeterServiceImpl}, the bean {@code greeterService}, as a {@code @KitexService}. */
@Configuration(proxyBeanMethods = false)
public class GreeterServiceConfiguration {

    @Bean
    @KitexService
    GreeterServiceImpl greeterService() {
        return new GreeterServiceImpl();
    }
}
