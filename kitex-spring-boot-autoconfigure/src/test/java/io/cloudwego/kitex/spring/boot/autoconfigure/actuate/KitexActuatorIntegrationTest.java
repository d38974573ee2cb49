package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerLifecycle;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * An application with a {@code @KitexService} and a {@code @KitexClient} of it, called over a real
 * socket; Actuator's endpoints, read over HTTP, show that call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.application.name=greeter-app",
    "kitex.server.host=127.0.0.1",
    "kitex.server.port=0",
    "kitex.client.services.greeter.addresses=127.0.0.1:${" + KitexServerLifecycle.PORT_PROPERTY + "}",
    "kitex.client.services.greeter.methods.greet.rpc-timeout=5s",
    "management.endpoints.web.exposure.include=health,kitex,metrics",
    "management.endpoint.health.show-details=always",
})
class KitexActuatorIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @KitexClient("greeter")
    GreeterService greeter;

    @LocalServerPort
    int httpPort;

    @Value("${" + KitexServerLifecycle.PORT_PROPERTY + "}")
    int kitexPort;

    @Test
    void actuatorShowsTheServerTheClientAndTheirCalls() throws Exception {
        assertThat(greeter.greet("actuator")).isEqualTo("hello, actuator");
        assertThatThrownBy(() -> greeter.greet("")).isInstanceOf(BizStatusException.class);

        DocumentContext kitex = get("/actuator/kitex");
        assertThat(kitex.read("$.server.running", Boolean.class)).isTrue();
        assertThat(kitex.read("$.server.port", Integer.class)).isEqualTo(kitexPort);
        assertThat(kitex.read("$.server.protocols", List.class))
            .containsExactly("ttheader", "ttheader-framed", "framed", "buffered", "grpc");
        assertThat(kitex.read("$.server.requests.total", Integer.class)).isEqualTo(2);
        assertThat(kitex.read("$.server.connections.accepted", Integer.class)).isGreaterThanOrEqualTo(1);
        assertThat(kitex.read("$.server.services[0].name", String.class)).isEqualTo("Greeter");
        assertThat(kitex.read("$.server.services[0].serviceInterface", String.class)).isEqualTo(GreeterService.class.getName());
        assertThat(kitex.read("$.server.services[0].bean", String.class)).isEqualTo("greeterService");
        assertThat(kitex.read("$.server.services[0].execution", String.class)).isEqualTo("executor");
        assertThat(kitex.read("$.server.services[0].methods[0]", Map.class)).isEqualTo(Map.of("name", "greet", "kind", "unary"));
        assertThat(kitex.read("$.clients[0].serviceName", String.class)).isEqualTo("greeter");
        assertThat(kitex.read("$.clients[0].idlServiceName", String.class)).isEqualTo("Greeter");
        assertThat(kitex.read("$.clients[0].addresses", List.class)).containsExactly("127.0.0.1:" + kitexPort);
        assertThat(kitex.read("$.clients[0].transport", String.class)).isEqualTo("ttheader-framed");
        assertThat(kitex.read("$.clients[0].pool", String.class)).isEqualTo("multiplexed");
        assertThat(kitex.read("$.clients[0].connectTimeout", String.class)).isEqualTo("PT0.05S");
        assertThat(kitex.read("$.clients[0].methodRpcTimeouts", Map.class)).isEqualTo(Map.of("greet", "PT5S"));
        assertThat(kitex.read("$.clients[0].openConnections", Integer.class)).isGreaterThanOrEqualTo(1);

        DocumentContext health = get("/actuator/health");
        assertThat(health.read("$.status", String.class)).isEqualTo("UP");
        assertThat(health.read("$.components.kitex.status", String.class)).isEqualTo("UP");
        assertThat(health.read("$.components.kitex.details.port", Integer.class)).isEqualTo(kitexPort);

        for (String side : List.of("server", "client")) {
            String timer = "/actuator/metrics/rpc." + side + ".call.duration";
            DocumentContext all = get(timer);
            assertThat(all.read("$.baseUnit", String.class)).isEqualTo("seconds");
            assertThat(count(all)).isEqualTo(2.0);
            assertThat(tagValues(all, "rpc.system.name")).containsExactly("kitex");
            assertThat(tagValues(all, "rpc.method")).containsExactly("Greeter/greet");
            assertThat(tagValues(all, "rpc.response.status_code"))
                .containsExactlyInAnyOrder("OK", Integer.toString(GreeterServiceImpl.EMPTY_NAME_STATUS));
            assertThat(tagValues(all, "error.type")).containsExactlyInAnyOrder("none", BizStatusException.class.getName());
            assertThat(count(get(timer + "?tag=" + tag("rpc.response.status_code:OK")))).isEqualTo(1.0);
            assertThat(count(get(timer + "?tag=" + tag("error.type:" + BizStatusException.class.getName())))).isEqualTo(1.0);
        }
        assertThat(get("/actuator/metrics/kitex.server.connections.accepted").read("$.measurements[0].value", Double.class))
            .isGreaterThanOrEqualTo(1.0);
    }

    private DocumentContext get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JsonPath.parse(response.body());
    }

    private static double count(DocumentContext metric) {
        List<Double> counts = metric.read("$.measurements[?(@.statistic == 'COUNT')].value");
        assertThat(counts).hasSize(1);
        return counts.get(0);
    }

    private static List<String> tagValues(DocumentContext metric, String tag) {
        List<List<String>> values = metric.read("$.availableTags[?(@.tag == '" + tag + "')].values");
        assertThat(values).as("tag %s", tag).hasSize(1);
        return values.get(0);
    }

    private static String tag(String tag) {
        return URLEncoder.encode(tag, StandardCharsets.UTF_8);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(GreeterServiceConfiguration.class)
    static class GreeterApplication {
    }
}
