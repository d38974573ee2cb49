package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Three greeter applications register their Kitex servers in a real ZooKeeper (Curator's
 * {@link TestingServer}, through Spring Cloud Zookeeper) with weights 10, 20 and 30; a caller
 * application's {@code @KitexClient} finds them there, and its calls spread 1:2:3, counted by each
 * server.
 */
class KitexZookeeperLoadBalancingTest {
    private static final String GREETER_APP = "weighted-greeter";
    private static final int[] WEIGHTS = {10, 20, 30};
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestingServer zookeeper;
    private static final List<ConfigurableApplicationContext> greeters = new ArrayList<>();

    @BeforeAll
    static void startZookeeperAndGreeters() throws Exception {
        zookeeper = new TestingServer(true);
        for (int weight : WEIGHTS) {
            greeters.add(start(GreeterApplication.class, "--spring.application.name=" + GREETER_APP,
                "--kitex.server.registry.weight=" + weight));
        }
    }

    @AfterAll
    static void stopGreetersAndZookeeper() throws Exception {
        greeters.forEach(ConfigurableApplicationContext::close);
        zookeeper.close();
    }

    private static ConfigurableApplicationContext start(Class<?> application, String... arguments) {
        return ZookeeperApplications.start(zookeeper, application, arguments);
    }

    private static ConfigurableApplicationContext startCaller(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--spring.application.name=weighted-caller",
            "--spring.cloud.service-registry.auto-registration.enabled=false",
            "--kitex.client.defaults.discovery-refresh-interval=100ms",
            "--management.endpoints.web.exposure.include=kitex"));
        all.addAll(List.of(arguments));
        ConfigurableApplicationContext caller = start(CallerApplication.class, all.toArray(String[]::new));
        KitexClients clients = caller.getBean(KitexClients.class);
        await().atMost(WAIT).until(() -> clients.entries().get(0).kitexClient().instances().size() == WEIGHTS.length);
        return caller;
    }

    private static long[] requests() {
        long[] requests = new long[greeters.size()];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = greeters.get(i).getBean(KitexServer.class).metrics().requests();
        }
        return requests;
    }

    /** Makes {@code calls} calls and returns how many each greeter served. */
    private static long[] spread(Caller caller, int calls) {
        long[] before = requests();
        for (int i = 0; i < calls; i++) {
            assertThat(caller.greeter.greet("n" + i)).isEqualTo("hello, n" + i);
        }
        long[] after = requests();
        long[] served = new long[after.length];
        for (int i = 0; i < served.length; i++) {
            served[i] = after[i] - before[i];
        }
        return served;
    }

    @Test
    void weightedRoundRobinSpreadsCallsByRegisteredWeight() throws Exception {
        try (ConfigurableApplicationContext callerApp = startCaller()) {
            assertThat(clientInstanceWeights(callerApp)).containsExactlyInAnyOrder(10, 20, 30);

            long[] served = spread(callerApp.getBean(Caller.class), 600);
            System.out.printf("weighted-round-robin, 600 calls over weights 10/20/30: %d/%d/%d%n",
                served[0], served[1], served[2]);
            // 100, 200, 300 exactly while the instances stay the same; 10 % to spare for a change of
            // their order in ZooKeeper's answer, which restarts the rotation.
            assertThat(served[0]).isBetween(90L, 110L);
            assertThat(served[1]).isBetween(180L, 220L);
            assertThat(served[2]).isBetween(270L, 330L);

            String kitex = get(callerApp, "/actuator/kitex");
            assertThat(JsonPath.<String>read(kitex, "$.clients[0].loadBalancer")).isEqualTo("weighted-round-robin");
            assertThat(JsonPath.<Boolean>read(kitex, "$.clients[0].circuitBreakers.enabled")).isFalse();
        }
    }

    @Test
    void weightedRandomSpreadsCallsByRegisteredWeightLoosely() {
        try (ConfigurableApplicationContext callerApp = startCaller(
            "--kitex.client.services." + GREETER_APP + ".load-balancer=weighted-random")) {
            int calls = 3000;
            long[] served = spread(callerApp.getBean(Caller.class), calls);
            System.out.printf("weighted-random, %d calls over weights 10/20/30: %d/%d/%d%n",
                calls, served[0], served[1], served[2]);
            // 3000 draws: a share is off by more than 0.05 with a probability below 1e-7.
            assertThat(served[0] / (double) calls).isCloseTo(1 / 6.0, within(0.05));
            assertThat(served[1] / (double) calls).isCloseTo(2 / 6.0, within(0.05));
            assertThat(served[2] / (double) calls).isCloseTo(3 / 6.0, within(0.05));
        }
    }

    private static List<Integer> clientInstanceWeights(ConfigurableApplicationContext callerApp) {
        return callerApp.getBean(KitexClients.class).entries().get(0).kitexClient().instances().stream()
            .map(io.cloudwego.kitex.discovery.Instance::weight).toList();
    }

    private static String get(ConfigurableApplicationContext application, String path) throws Exception {
        int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class GreeterApplication {
        @Bean
        @KitexService
        GreeterService greeterService() {
            return new GreeterServiceImpl();
        }
    }

    static class Caller {
        @KitexClient(GREETER_APP)
        GreeterService greeter;
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
