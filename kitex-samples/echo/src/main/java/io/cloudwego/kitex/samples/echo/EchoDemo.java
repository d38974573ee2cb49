package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.samples.echo.client.EchoClientApplication;
import io.cloudwego.kitex.samples.echo.server.EchoServerApplication;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerLifecycle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo: starts the echo server application, runs the echo client application against it (an
 * echo over every transport, then a load loop), shows what the server's Actuator endpoints report
 * over HTTP, and stops both. Both listen on free ports of 127.0.0.1; Spring Boot logs warnings only.
 *
 * <p>Arguments: {@code [seconds of load, default 5]}.
 */
public final class EchoDemo {
    private static final String[] QUIET = {"--spring.main.banner-mode=off", "--logging.level.root=warn"};
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = new JsonMapper();

    private EchoDemo() {
    }

    public static void main(String[] args) throws Exception {
        String loadSeconds = args.length > 0 ? args[0] : "5";
        try (ConfigurableApplicationContext server = SpringApplication.run(EchoServerApplication.class, quiet(
            "--server.address=127.0.0.1", "--server.port=0", "--kitex.server.host=127.0.0.1", "--kitex.server.port=0"))) {
            Environment environment = server.getEnvironment();
            String kitexAddress = "127.0.0.1:" + environment.getRequiredProperty(KitexServerLifecycle.PORT_PROPERTY);
            String actuator = "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + "/actuator";
            System.out.println("echo server: EchoService and ChatService on " + kitexAddress + ", Actuator on " + actuator);

            System.out.println("echo client: @KitexClient(\"echo\") and a client per transport, calling " + kitexAddress);
            ConfigurableApplicationContext client = EchoClientApplication.application()
                .run(quiet("--echo.server=" + kitexAddress, "--echo.load-seconds=" + loadSeconds));
            try {
                printKitex(get(actuator + "/kitex"));
                printTimer(get(actuator + "/metrics/rpc.server.call.duration"));
                printHealth(get(actuator + "/health"));
            } finally {
                client.close();
            }
        }
        System.out.println("stopped the client, then the server (gracefully: calls in flight finish first)");
        System.out.println("to run the server alone: java -jar kitex-samples/echo/target/kitex-sample-echo.jar"
            + " --kitex.server.port=8888, then see http://localhost:8080/actuator/kitex");
    }

    private static String[] quiet(String... args) {
        return Stream.concat(Stream.of(args), Stream.of(QUIET)).toArray(String[]::new);
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        System.out.println("GET " + url);
        HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void printKitex(JsonNode kitex) {
        JsonNode server = kitex.path("server");
        JsonNode protocolErrors = server.path("protocolErrors");
        System.out.printf(Locale.ROOT, "  server: port %d, %s; connections %d active, %d accepted; requests %,d;"
                + " protocol errors %s%n", server.path("port").asInt(),
            server.path("running").asBoolean() ? "running" : "stopped", server.path("connections").path("active").asInt(),
            server.path("connections").path("accepted").asLong(), server.path("requests").path("total").asLong(),
            protocolErrors.isEmpty() ? "none" : protocolErrors);
        for (JsonNode service : server.path("services").values()) {
            List<String> methods = new ArrayList<>();
            for (JsonNode method : service.path("methods").values()) {
                String kind = method.path("kind").asString();
                methods.add(method.path("name").asString() + ("unary".equals(kind) ? "" : " (" + kind + ")"));
            }
            System.out.printf("  service %s (bean %s, handlers on %s): %s%n", service.path("name").asString(),
                service.path("bean").asString(), service.path("execution").asString(), String.join(", ", methods));
        }
    }

    private static void printTimer(JsonNode timer) {
        List<String> measurements = new ArrayList<>();
        for (JsonNode measurement : timer.path("measurements").values()) {
            String statistic = measurement.path("statistic").asString();
            double value = measurement.path("value").asDouble();
            measurements.add(statistic.equals("COUNT") ? String.format(Locale.ROOT, "COUNT %,.0f", value)
                : String.format(Locale.ROOT, "%s %.3f %s", statistic, value, timer.path("baseUnit").asString()));
        }
        System.out.println("  " + String.join(", ", measurements));
        Map<String, List<String>> tags = new TreeMap<>();
        for (JsonNode tag : timer.path("availableTags").values()) {
            tags.put(tag.path("tag").asString(), tag.path("values").values().stream().map(JsonNode::asString).sorted().toList());
        }
        tags.forEach((tag, values) -> System.out.println("  " + tag + ": " + String.join(", ", values)));
    }

    private static void printHealth(JsonNode health) {
        JsonNode kitex = health.path("components").path("kitex");
        System.out.printf("  %s; kitex %s, port %d, %d active connections%n", health.path("status").asString(),
            kitex.path("status").asString(), kitex.path("details").path("port").asInt(),
            kitex.path("details").path("activeConnections").asInt());
    }
}
