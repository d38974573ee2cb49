package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerLifecycle;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Two applications meet in a real ZooKeeper (Curator's {@link TestingServer}) through Spring Cloud
 * Zookeeper: the greeter application's Kitex server registers itself beside the application's own
 * HTTP registration; the caller application, whose {@code @KitexClient} has no addresses, resolves it
 * through its {@link DiscoveryClient}, calls it, and sees it go when it stops.
 */
class KitexZookeeperDiscoveryTest {
    private static final String GREETER_APP = "greeter-app";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestingServer zookeeper;

    @BeforeAll
    static void startZookeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        zookeeper.close();
    }

    /** Starts {@code application} as a web application on a free port, with ZooKeeper discovery. */
    private static ConfigurableApplicationContext start(Class<?> application, String... arguments) {
        return ZookeeperApplications.start(zookeeper, application, arguments);
    }

    @Test
    void theCallerFindsTheGreeterInZookeeperAndLosesItOnceTheGreeterDeregistersOnStopping() throws Exception {
        ConfigurableApplicationContext greeterApp = start(GreeterApplication.class,
            "--spring.application.name=" + GREETER_APP,
            "--kitex.server.exit-wait-time=60s",
            "--kitex.server.registry.tags.zone=z1");
        int kitexPort = greeterApp.getEnvironment().getRequiredProperty(KitexServerLifecycle.PORT_PROPERTY, Integer.class);
        int greeterHttpPort = greeterApp.getEnvironment().getRequiredProperty("local.server.port", Integer.class);

        try (ConfigurableApplicationContext callerApp = start(CallerApplication.class,
            "--spring.application.name=caller",
            "--spring.cloud.service-registry.auto-registration.enabled=false",
            "--kitex.client.defaults.discovery-refresh-interval=100ms",
            "--management.endpoints.web.exposure.include=kitex")) {
            DiscoveryClient discovery = callerApp.getBean(DiscoveryClient.class);
            Caller caller = callerApp.getBean(Caller.class);

            // The greeter application is registered twice under its name: its HTTP server by Spring
            // Cloud, its Kitex server by the starter, with kitex.port.
            List<ServiceInstance> registered = discovery.getInstances(GREETER_APP);
            assertThat(registered).extracting(ServiceInstance::getPort).containsExactlyInAnyOrder(greeterHttpPort, kitexPort);
            ServiceInstance kitexInstance = kitexInstance(registered);
            assertThat(kitexInstance.getHost()).isEqualTo("127.0.0.1");
            assertThat(kitexInstance.getMetadata()).containsEntry(KitexMetadata.PORT, Integer.toString(kitexPort))
                .containsEntry(KitexMetadata.PROTOCOLS, "ttheader,ttheader-framed,framed,buffered,grpc")
                .containsEntry(KitexMetadata.WEIGHT, "10")
                .containsEntry("zone", "z1");

            assertThat(caller.greeter.greet("zookeeper")).isEqualTo("hello, zookeeper");

            DocumentContext kitex = get(callerApp, "/actuator/kitex");
            assertThat(kitex.read("$.clients[0].serviceName", String.class)).isEqualTo(GREETER_APP);
            assertThat(kitex.read("$.clients[0].addresses", List.class)).isEmpty();
            assertThat(kitex.read("$.clients[0].discoveryRefreshInterval", String.class)).isEqualTo("PT0.1S");
            assertThat(kitex.read("$.clients[0].instances", List.class)).containsExactly(Map.of(
                "address", "127.0.0.1:" + kitexPort, "weight", 10, "tags", Map.of(
                    KitexMetadata.PORT, Integer.toString(kitexPort),
                    KitexMetadata.PROTOCOLS, "ttheader,ttheader-framed,framed,buffered,grpc",
                    "zone", "z1")));

            // Stopping, the Kitex server deregisters before it drains: while a call is in flight its
            // instance is gone from ZooKeeper (the HTTP one stays until the web server stops), and the
            // call still completes.
            SlowGreeter greeter = greeterApp.getBean(SlowGreeter.class);
            CompletableFuture<String> inFlight = caller.async.greet(SlowGreeter.SLOW);
            assertThat(greeter.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(greeterApp::close);
            await().atMost(WAIT).untilAsserted(() -> assertThat(discovery.getInstances(GREETER_APP))
                .extracting(ServiceInstance::getPort).containsExactly(greeterHttpPort));
            assertThat(inFlight).isNotDone();
            greeter.release.countDown();
            assertThat(inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hello, " + SlowGreeter.SLOW);
            stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // Stopped: nothing is registered under its name. An empty answer is believed (only a
            // failing registry keeps the last instances), so calls fail without being sent.
            await().atMost(WAIT).until(() -> discovery.getInstances(GREETER_APP).isEmpty());
            KitexClients clients = callerApp.getBean(KitexClients.class);
            await().atMost(WAIT).until(() -> clients.entries().get(0).kitexClient().instances().isEmpty());
            assertThatThrownBy(() -> caller.greeter.greet("anyone")).isInstanceOf(NoInstanceException.class);
        } finally {
            greeterApp.close();
        }
    }

    private static ServiceInstance kitexInstance(List<ServiceInstance> instances) {
        return instances.stream().filter(i -> i.getMetadata().containsKey(KitexMetadata.PORT)).findFirst().orElseThrow();
    }

    private static DocumentContext get(ConfigurableApplicationContext application, String path) throws Exception {
        int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JsonPath.parse(response.body());
    }

    /** Greets, and holds a call for {@value #SLOW} until released. */
    static class SlowGreeter extends GreeterServiceImpl {
        static final String SLOW = "slow";
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String greet(String name) {
            if (SLOW.equals(name)) {
                entered.countDown();
                try {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
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
        SlowGreeter greeterService() {
            return new SlowGreeter();
        }
    }

    static class Caller {
        @KitexClient(GREETER_APP)
        GreeterService greeter;

        @KitexClient(GREETER_APP)
        GreeterService.Async async;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class CallerApplication {
        @Bean
        Caller caller() {
            return new Caller();
        }
    }
}
