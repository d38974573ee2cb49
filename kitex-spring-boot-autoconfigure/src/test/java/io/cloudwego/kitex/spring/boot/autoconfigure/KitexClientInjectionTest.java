package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code @KitexClient} injection, against a plain kitex-core server on 127.0.0.1. */
class KitexClientInjectionTest {
    private static KitexServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class))
        .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:" + server.port());

    @BeforeAll
    static void startServer() {
        server = KitexServer.builder().host("127.0.0.1").port(0)
            .service(GreeterService.DESCRIPTOR, new GreeterServiceImpl()).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    void fieldsGetBlockingAndAsyncFormsOfOneSharedClient() {
        runner.withUserConfiguration(FieldCaller.class).run(context -> {
            assertThat(context).doesNotHaveBean(KitexServer.class);
            FieldCaller caller = context.getBean(FieldCaller.class);
            assertThat(caller.greeter.greet("field")).isEqualTo("hello, field");
            assertThat(caller.async.greet("async").join()).isEqualTo("hello, async");
            assertThat(caller.again).isSameAs(caller.greeter);

            List<KitexClients.Entry> entries = context.getBean(KitexClients.class).entries();
            assertThat(entries).hasSize(1);
            assertThat(((GreeterServiceClient) caller.greeter).kitexClient()).isSameAs(entries.get(0).kitexClient());
            assertThat(caller.async).isSameAs(((GreeterServiceClient) caller.greeter).async());
        });
    }

    @Test
    void constructorAndBeanMethodParametersAreInjected() {
        runner.withUserConfiguration(ConstructorCaller.class, BeanMethodCaller.class).run(context -> {
            assertThat(context.getBean(ConstructorCaller.class).greeter.greet("constructor")).isEqualTo("hello, constructor");
            assertThat(context.getBean("greeting", String.class)).isEqualTo("hello, bean method");
            assertThat(context.getBean(KitexClients.class).entries()).hasSize(1);
        });
    }

    @Test
    void serviceSettingsOverrideDefaultsAndReachTheClient() {
        runner.withUserConfiguration(FieldCaller.class, RecordingMiddleware.class)
            .withPropertyValues(
                "spring.application.name=caller-app",
                "kitex.client.defaults.rpc-timeout=3s",
                "kitex.client.defaults.connect-timeout=100ms",
                "kitex.client.services.greeter.transport=framed",
                "kitex.client.services.greeter.pool=long",
                "kitex.client.services.greeter.methods.greet.rpc-timeout=200ms")
            .run(context -> {
                assertThat(context.getBean(FieldCaller.class).greeter.greet("framed")).isEqualTo("hello, framed");

                KitexClients.Entry entry = context.getBean(KitexClients.class).entries().get(0);
                assertThat(entry.serviceName()).isEqualTo("greeter");
                assertThat(entry.addresses()).containsExactly("127.0.0.1:" + server.port());
                assertThat(entry.settings().transport()).isEqualTo(Transport.FRAMED);
                assertThat(entry.settings().pool()).isEqualTo(PoolType.LONG);
                assertThat(entry.settings().rpcTimeout()).isEqualTo(Duration.ofSeconds(3));
                assertThat(entry.settings().connectTimeout()).isEqualTo(Duration.ofMillis(100));
                assertThat(entry.methodRpcTimeouts()).containsExactly(Map.entry("greet", Duration.ofMillis(200)));
                assertThat(entry.kitexClient().transport()).isEqualTo(Transport.FRAMED);
                assertThat(entry.kitexClient().poolType()).isEqualTo(PoolType.LONG);

                RpcInfo call = context.getBean(RecordingMiddleware.class).calls.peek();
                assertThat(call.rpcTimeout()).isEqualTo(Duration.ofMillis(200));
                assertThat(call.transport()).isEqualTo(Transport.FRAMED);
                assertThat(call.caller().serviceName()).isEqualTo("caller-app");
                assertThat(call.callee().serviceName()).isEqualTo("greeter");
            });
    }

    @Test
    void customizersRunLastInOrder() {
        runner.withUserConfiguration(FieldCaller.class, RecordingMiddleware.class, Customizers.class)
            .withPropertyValues("kitex.client.defaults.rpc-timeout=3s")
            .run(context -> {
                context.getBean(FieldCaller.class).greeter.greet("customized");
                assertThat(context.getBean(Customizers.class).calls).containsExactly("first greeter", "second greeter");
                assertThat(context.getBean(RecordingMiddleware.class).calls.peek().rpcTimeout())
                    .isEqualTo(Duration.ofMillis(1500));
            });
    }

    @Test
    void clientsOfTheApplicationReplaceOurs() {
        runner.withUserConfiguration(FieldCaller.class, UserClients.class).run(context -> {
            assertThat(context).hasSingleBean(KitexClients.class).hasBean("userKitexClients");
            assertThat(context.getBean(FieldCaller.class).greeter.greet("user")).isEqualTo("hello, user");
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void middlewareOfNeitherSideIsReported(CapturedOutput output) {
        runner.withBean("sideless", Middleware.class, () -> next -> next)
            .withBean("clientSide", KitexClientMiddleware.class, () -> next -> next)
            .run(context -> assertThat(output).contains("Middleware beans [sideless] run nowhere"));
    }

    @Test
    void remoteErrorsReachTheCaller() {
        runner.withUserConfiguration(FieldCaller.class).run(context ->
            assertThatThrownBy(() -> context.getBean(FieldCaller.class).greeter.greet(""))
                .isInstanceOfSatisfying(BizStatusException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(GreeterServiceImpl.EMPTY_NAME_STATUS)));
    }

    @Test
    void clientsAreClosedWithTheContext() {
        FieldCaller[] caller = new FieldCaller[1];
        KitexClients[] clients = new KitexClients[1];
        runner.withUserConfiguration(FieldCaller.class).run(context -> {
            caller[0] = context.getBean(FieldCaller.class);
            clients[0] = context.getBean(KitexClients.class);
            caller[0].greeter.greet("open");
        });
        assertThatThrownBy(() -> caller[0].greeter.greet("closed")).hasMessageContaining("closed");
        assertThatThrownBy(() -> clients[0].get("greeter", GreeterService.class)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMethodTheServiceLacksFailsStartUpNamingTheProperty() {
        runner.withUserConfiguration(FieldCaller.class)
            .withPropertyValues("kitex.client.services.greeter.methods.farewell.rpc-timeout=1s")
            .run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("kitex.client.services.greeter.methods.farewell: service Greeter has no method farewell"));
    }

    @Test
    void aTypeThatIsNoServiceFailsStartUp() {
        runner.withUserConfiguration(WrongTypeCaller.class).run(context -> assertThat(context.getStartupFailure())
            .hasStackTraceContaining("@KitexClient(\"greeter\") java.lang.Runnable")
            .hasStackTraceContaining("neither a Kitex service interface"));
    }

    @Test
    void placeholdersInAddressesAreResolvedWhenTheClientIsBuilt() {
        runner.withUserConfiguration(FieldCaller.class)
            .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:${greeter.port}",
                "greeter.port=" + server.port())
            .run(context -> assertThat(context.getBean(FieldCaller.class).greeter.greet("late")).isEqualTo("hello, late"));
    }

    @Test
    void anAddressThatStaysUnresolvedFailsStartUpNamingTheProperty() {
        runner.withUserConfiguration(FieldCaller.class)
            .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:${never.set}")
            .run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("kitex.client.services.greeter.addresses[0]")
                .hasStackTraceContaining("never.set"));
    }

    @Test
    void aServiceWithoutAddressesFailsItsCallsButNotStartUp() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class))
            .withUserConfiguration(FieldCaller.class)
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThatThrownBy(() -> context.getBean(FieldCaller.class).greeter.greet("nowhere"))
                    .isInstanceOf(NoInstanceException.class);
            });
    }

    @Test
    void aServiceAndAClientOfItInOneApplication() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class, FieldCaller.class)
            .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0")
            .run(context -> {
                assertThat(context).hasSingleBean(KitexServer.class).hasSingleBean(KitexClients.class);
                // the client still calls the test's own server, given by its address
                assertThat(context.getBean(FieldCaller.class).greeter.greet("both")).isEqualTo("hello, both");
            });
    }

    static class FieldCaller {
        @KitexClient("greeter")
        GreeterService greeter;

        @KitexClient("greeter")
        GreeterService.Async async;

        @KitexClient("greeter")
        GreeterService again;
    }

    static class WrongTypeCaller {
        @KitexClient("greeter")
        Runnable runnable;
    }

    static class ConstructorCaller {
        final GreeterService greeter;

        ConstructorCaller(@KitexClient("greeter") GreeterService greeter) {
            this.greeter = greeter;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BeanMethodCaller {
        @Bean
        String greeting(@KitexClient("greeter") GreeterService.Async greeter) {
            return greeter.greet("bean method").join();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        KitexClientCustomizer second() {
            return (name, builder) -> calls.add("second " + name);
        }

        @Bean
        @Order(1)
        KitexClientCustomizer first() {
            return (name, builder) -> {
                calls.add("first " + name);
                builder.rpcTimeout(Duration.ofMillis(1500));
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserClients {
        @Bean
        KitexClients userKitexClients(KitexProperties properties, Environment environment) {
            return new KitexClients(properties.client(), environment, "user", null, List.of(), List.of());
        }
    }

    static class RecordingMiddleware implements KitexClientMiddleware {
        final Queue<RpcInfo> calls = new ConcurrentLinkedQueue<>();

        @Override
        public Endpoint wrap(Endpoint next) {
            return (info, request) -> {
                calls.add(info);
                return next.call(info, request);
            };
        }
    }
}
