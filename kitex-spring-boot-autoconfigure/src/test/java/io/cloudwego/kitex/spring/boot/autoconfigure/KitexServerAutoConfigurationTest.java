package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.server.HandlerExecution;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import io.cloudwego.kitex.testing.PingService;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class KitexServerAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class))
        .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0");

    @Test
    void withoutServicesThereIsNoServer() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(KitexServer.class);
            assertThat(context).doesNotHaveBean(KitexServerLifecycle.class);
            assertThat(context).doesNotHaveBean(KitexServices.class);
            assertThat(context.getEnvironment().getProperty(KitexServerLifecycle.PORT_PROPERTY)).isNull();
        });
    }

    @Test
    void allServicesAreServedByOneServerStartedWithTheContext() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class, Ping.class).run(context -> {
            assertThat(context).hasSingleBean(KitexServer.class);
            KitexServer server = context.getBean(KitexServer.class);
            assertThat(server.isRunning()).isTrue();
            assertThat(context.getEnvironment().getProperty(KitexServerLifecycle.PORT_PROPERTY, Integer.class))
                .isEqualTo(server.port());

            List<KitexServices.Service> services = context.getBean(KitexServices.class).services();
            assertThat(services).extracting(s -> s.descriptor().name()).containsExactlyInAnyOrder("Greeter", "Ping");
            assertThat(services).extracting(KitexServices.Service::beanName).contains("greeterService");
            assertThat(services).extracting(KitexServices.Service::implementation)
                .containsExactlyInAnyOrder(context.getBean(GreeterServiceImpl.class), context.getBean(Ping.class));

            try (KitexClient client = clientOf(server)) {
                assertThat(new GreeterServiceClient(client).greet("spring")).isEqualTo("hello, spring");
            }
        });
    }

    @Test
    void theServerStopsWithTheContext() {
        KitexServer[] server = new KitexServer[1];
        runner.withUserConfiguration(GreeterServiceConfiguration.class).run(context -> server[0] = context.getBean(KitexServer.class));
        assertThat(server[0].isRunning()).isFalse();
    }

    @Test
    void disabledServerIsNotCreated() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class).withPropertyValues("kitex.server.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(KitexServer.class).hasSingleBean(GreeterService.class));
    }

    @Test
    void aServerOfTheApplicationReplacesOursAndIsStartedWithTheContext() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class, UserServerConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(KitexServer.class);
            assertThat(context).doesNotHaveBean(KitexServices.class);
            KitexServer server = context.getBean(KitexServer.class);
            assertThat(server).isSameAs(context.getBean("userServer"));
            assertThat(server.isRunning()).isTrue();
        });
    }

    @Test
    void propertiesMiddlewareAndCustomizersShapeTheServer() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class, MiddlewareConfiguration.class)
            .withPropertyValues("spring.application.name=greeter-app")
            .run(context -> {
                List<String> calls = context.getBean(Calls.class).list;
                assertThat(calls).containsExactly("customizer first", "customizer second");
                calls.clear();
                try (KitexClient client = clientOf(context.getBean(KitexServer.class))) {
                    assertThat(new GreeterServiceClient(client).greet("x")).isEqualTo("hello, x");
                }
                // client middleware is not applied on the server; the application name is the server's
                assertThat(calls).containsExactly("server first greeter-app", "server second greeter-app");
            });
    }

    @Test
    void aServiceBeanWithoutServiceInterfaceFailsStartUp() {
        runner.withUserConfiguration(NotAService.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining(NotAService.class.getName())
                .hasMessageContaining("implements no Kitex service interface");
        });
    }

    @Test
    void aBusyPortFailsStartUpNamingTheAddress() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            runner.withUserConfiguration(GreeterServiceConfiguration.class)
                .withPropertyValues("kitex.server.port=" + busy.getLocalPort())
                .run(context -> assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("cannot bind 127.0.0.1:" + busy.getLocalPort()));
        }
    }

    @Test
    void eventLoopServicesRunOnIoThreads() {
        runner.withUserConfiguration(EventLoopGreeterConfiguration.class)
            .run(handlerThread(thread -> assertThat(thread.getName()).startsWith("kitex-server-io")));
    }

    @Test
    void withVirtualThreadsDisabledHandlersRunOnAPlatformThreadPool() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class).withPropertyValues("spring.threads.virtual.enabled=false")
            .run(handlerThread(thread -> {
                assertThat(isVirtual(thread)).isFalse();
                assertThat(thread.getName()).startsWith("kitex-handler");
            }));
    }

    @Test
    void withVirtualThreadsEnabledHandlersRunOnVirtualThreadsWhereTheJdkHasThem() {
        boolean jdkHasVirtualThreads = Runtime.version().feature() >= 21;
        runner.withUserConfiguration(GreeterServiceConfiguration.class).withPropertyValues("spring.threads.virtual.enabled=true")
            .run(handlerThread(thread -> assertThat(isVirtual(thread)).isEqualTo(jdkHasVirtualThreads)));
    }

    /** Calls the greeter of the context once and checks the thread its handler ran on. */
    private static ContextConsumer<AssertableApplicationContext> handlerThread(Consumer<Thread> check) {
        return context -> {
            try (KitexClient client = clientOf(context.getBean(KitexServer.class))) {
                new GreeterServiceClient(client).greet("thread");
            }
            GreeterServiceImpl greeter = context.getBean(GreeterServiceImpl.class);
            assertThat(greeter.threads()).hasSize(1);
            check.accept(greeter.threads().peek());
        };
    }

    static KitexClient clientOf(KitexServer server) {
        return KitexClient.builder("greeter", GreeterService.DESCRIPTOR).addresses("127.0.0.1:" + server.port()).build();
    }

    static boolean isVirtual(Thread thread) {
        try {
            Method isVirtual = Thread.class.getMethod("isVirtual");
            return (boolean) isVirtual.invoke(thread);
        } catch (NoSuchMethodException e) {
            return false; // before JDK 21
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventLoopGreeterConfiguration {
        @Bean
        @KitexService(execution = HandlerExecution.EVENT_LOOP)
        GreeterServiceImpl greeterService() {
            return new GreeterServiceImpl();
        }
    }

    @KitexService
    static class Ping implements PingService {
    }

    @KitexService
    static class NotAService implements Runnable {
        @Override
        public void run() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserServerConfiguration {
        @Bean
        KitexServer userServer() {
            return KitexServer.builder().host("127.0.0.1").port(0).service(PingService.DESCRIPTOR, PingService.create())
                .build();
        }
    }

    static final class Calls {
        final List<String> list = new CopyOnWriteArrayList<>();
    }

    @Configuration(proxyBeanMethods = false)
    static class MiddlewareConfiguration {
        @Bean
        Calls calls() {
            return new Calls();
        }

        @Bean
        @Order(2)
        KitexServerMiddleware second(Calls calls) {
            return next -> recording(calls, "server second", next);
        }

        @Bean
        @Order(1)
        KitexServerMiddleware first(Calls calls) {
            return next -> recording(calls, "server first", next);
        }

        @Bean
        KitexClientMiddleware clientOnly(Calls calls) {
            return next -> recording(calls, "client", next);
        }

        @Bean
        @Order(2)
        KitexServerCustomizer secondCustomizer(Calls calls) {
            return builder -> calls.list.add("customizer second");
        }

        @Bean
        @Order(1)
        KitexServerCustomizer firstCustomizer(Calls calls) {
            return builder -> calls.list.add("customizer first");
        }

        private static Endpoint recording(Calls calls, String name, Endpoint next) {
            return (info, request) -> {
                calls.list.add(name + " " + info.callee().serviceName());
                return next.call(info, request);
            };
        }
    }
}
