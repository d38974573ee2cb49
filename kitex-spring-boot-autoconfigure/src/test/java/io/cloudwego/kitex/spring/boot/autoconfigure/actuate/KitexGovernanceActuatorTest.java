package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.cloudwego.kitex.errors.CircuitOpenException;
import io.cloudwego.kitex.errors.OverLimitException;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerLifecycle;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import io.cloudwego.kitex.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A server limited to one request at a time and a client with circuit breakers, in one application:
 * a refused call opens the client's breaker, and Actuator shows the limit, the refusal and the
 * breaker states, in the {@code kitex} endpoint and in metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.application.name=greeter-app",
    "kitex.server.host=127.0.0.1",
    "kitex.server.port=0",
    "kitex.server.limit.max-concurrency=1",
    "kitex.client.services.greeter.addresses=127.0.0.1:${" + KitexServerLifecycle.PORT_PROPERTY + "}",
    "kitex.client.services.greeter.circuit-breaker.enabled=true",
    "kitex.client.services.greeter.circuit-breaker.min-samples=2",
    "kitex.client.services.greeter.circuit-breaker.wait-in-open=10m",
    "management.endpoints.web.exposure.include=kitex,metrics",
})
class KitexGovernanceActuatorTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVICE_BREAKER = "greeter-app/greeter/greet";

    @KitexClient("greeter")
    GreeterService greeter;

    @KitexClient("greeter")
    GreeterService.Async async;

    @Autowired
    HeldGreeter held;

    @Autowired
    KitexServer server;

    @LocalServerPort
    int httpPort;

    @Value("${" + KitexServerLifecycle.PORT_PROPERTY + "}")
    int kitexPort;

    @Test
    void aRefusalOverTheServersLimitOpensTheClientsBreakerAndActuatorShowsBoth() throws Exception {
        CompletableFuture<String> first = async.greet(HeldGreeter.HOLD);
        assertThat(held.entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> greeter.greet("second")).isInstanceOf(OverLimitException.class);
        held.release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("hello, " + HeldGreeter.HOLD);
        Eventually.await("the server is idle", () -> server.metrics().inFlightRequests() == 0);

        // One failure in two calls, the minimum: the method's breaker opens.
        assertThatThrownBy(() -> greeter.greet("third")).isInstanceOfSatisfying(CircuitOpenException.class,
            e -> assertThat(e.breaker()).isEqualTo(SERVICE_BREAKER));

        DocumentContext kitex = get("/actuator/kitex");
        assertThat(kitex.read("$.server.limits", Map.class))
            .isEqualTo(Map.of("maxConnections", 0, "maxQps", 0, "maxConcurrency", 1));
        assertThat(kitex.read("$.server.refusals", Map.class)).isEqualTo(Map.of("max-concurrency", 1));
        assertThat(kitex.read("$.clients[0].loadBalancer", String.class)).isEqualTo("weighted-round-robin");
        assertThat(kitex.read("$.clients[0].circuitBreakers.enabled", Boolean.class)).isTrue();
        assertThat(kitex.read("$.clients[0].circuitBreakers.states", Map.class)).isEqualTo(Map.of(
            SERVICE_BREAKER, "open",
            "greeter@127.0.0.1:" + kitexPort, "closed"));

        assertThat(metric("kitex.server.refusals", "limit:max-concurrency")).isEqualTo(1.0);
        assertThat(metric("resilience4j.circuitbreaker.state", "name:" + SERVICE_BREAKER, "state:open")).isEqualTo(1.0);
        assertThat(metric("resilience4j.circuitbreaker.state", "name:" + SERVICE_BREAKER, "state:closed")).isEqualTo(0.0);
    }

    private double metric(String name, String... tags) throws Exception {
        StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        return get(path.toString()).read("$.measurements[0].value", Double.class);
    }

    private DocumentContext get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JsonPath.parse(response.body());
    }

    /** Greets, holding a call for {@value #HOLD} until released. */
    static class HeldGreeter extends GreeterServiceImpl {
        static final String HOLD = "hold";
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String greet(String name) {
            if (HOLD.equals(name)) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.greet(name);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class GreeterApplication {
        @Bean
        @KitexService
        HeldGreeter greeterService() {
            return new HeldGreeter();
        }
    }
}
