package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link KitexFallback @KitexFallback} beans answer failed calls of their service. */
class KitexFallbackTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class Caller {
        @KitexClient("greeter")
        GreeterService greeter;
    }

    @KitexFallback("greeter")
    static class GreeterFallback implements GreeterService {
        @Override
        public String greet(String name) {
            return "greeter is unavailable, " + name;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Fallbacks {
        @Bean
        GreeterFallback greeterFallback() {
            return new GreeterFallback();
        }

        @Bean
        @KitexFallback("another-service")
        GreeterService anotherServicesFallback() {
            return name -> "wrong fallback";
        }
    }

    @Test
    void aFallbackBeanAnswersWhenTheServiceCannotBeReached() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        runner.withUserConfiguration(Caller.class, Fallbacks.class)
            .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:" + deadPort)
            .run(context -> assertThat(context.getBean(Caller.class).greeter.greet("you"))
                .isEqualTo("greeter is unavailable, you"));
    }

    @Test
    void aBusinessAnswerOfTheServerIsNotReplacedByTheFallback() {
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(0)
            .service(GreeterService.DESCRIPTOR, new GreeterServiceImpl()).build().start();
        try {
            runner.withUserConfiguration(Caller.class, Fallbacks.class)
                .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:" + server.port())
                .run(context -> {
                    GreeterService greeter = context.getBean(Caller.class).greeter;
                    assertThat(greeter.greet("you")).isEqualTo("hello, you");
                    assertThatThrownBy(() -> greeter.greet("")).isInstanceOf(BizStatusException.class);
                });
        } finally {
            server.stop(Duration.ZERO);
        }
    }
}
