package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Changing {@code kitex.client.*} timeouts and retries while the application runs: the properties
 * change in the Environment, Spring Cloud's {@link EnvironmentChangeEvent} announces it, and the
 * next calls of the client already injected behave differently.
 */
@SpringBootTest(classes = KitexClientsRefreshTest.Caller.class, properties = {
    "kitex.server.enabled=false",
    "kitex.client.services.greeter.methods.greet.rpc-timeout=5s",
    "kitex.client.services.greeter.methods.greet.idempotent=true",
    "kitex.client.services.greeter.retry.type=failure-retry",
    "kitex.client.services.greeter.retry.max-retries=0",
    "kitex.client.services.greeter.retry.budget-percent=100",
})
class KitexClientsRefreshTest {
    private static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();
    private static KitexServer server;

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(KitexAutoConfiguration.class)
    static class Caller {
        @KitexClient("greeter")
        GreeterService greeter;
    }

    /** Greets slowly the name "slow", and fails every first request for a name starting with "flaky". */
    @BeforeAll
    static void startServer() {
        server = KitexServer.builder().host("127.0.0.1").port(0).service(GreeterService.DESCRIPTOR, name -> {
            int n = REQUESTS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (name.equals("slow")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (name.startsWith("flaky") && n == 1) {
                throw new IllegalStateException("first request for " + name + " fails");
            }
            return "hello, " + name;
        }).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(Duration.ZERO);
    }

    @DynamicPropertySource
    static void serverAddress(DynamicPropertyRegistry registry) {
        registry.add("kitex.client.services.greeter.addresses[0]", () -> "127.0.0.1:" + server.port());
    }

    @Autowired
    Caller caller;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    KitexClients clients;

    @Test
    void changedTimeoutAndRetriesApplyToTheNextCalls() {
        GreeterService greeter = caller.greeter;
        assertThat(greeter.greet("warm-up")).isEqualTo("hello, warm-up");
        assertThatThrownBy(() -> greeter.greet("flaky-1")).as("no retry yet").isInstanceOf(RemoteApplicationException.class);

        change("kitex.client.services.greeter.methods.greet.rpc-timeout=100ms");
        assertThatThrownBy(() -> greeter.greet("slow")).isInstanceOf(RpcTimeoutException.class);
        assertThat(clients.entries().get(0).methodRpcTimeouts()).containsEntry("greet", Duration.ofMillis(100));

        change("kitex.client.services.greeter.methods.greet.rpc-timeout=3s",
            "kitex.client.services.greeter.retry.max-retries=2");
        assertThat(greeter.greet("slow")).as("no longer times out").isEqualTo("hello, slow");
        assertThat(greeter.greet("flaky-2")).as("retried now").isEqualTo("hello, flaky-2");
        assertThat(REQUESTS.get("flaky-2")).hasValue(2);
        assertThat(clients.entries().get(0).kitexClient()).as("the same client").isSameAs(
            ((io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceClient) greeter).kitexClient());
    }

    @Test
    void anInvalidChangeIsRefusedAndTheClientKeepsItsPolicies() {
        var before = clients.entries().get(0).kitexClient().policies().policies();
        change("kitex.client.services.greeter.retry.max-retries=9");
        assertThat(clients.entries().get(0).kitexClient().policies().policies()).isEqualTo(before);
        change("kitex.client.services.greeter.retry.max-retries=0");
    }

    private void change(String... properties) {
        TestPropertyValues.of(properties).applyTo(context.getEnvironment());
        Set<String> keys = new java.util.HashSet<>();
        for (String property : properties) {
            keys.add(property.substring(0, property.indexOf('=')));
        }
        context.publishEvent(new EnvironmentChangeEvent(context, keys));
    }
}
