package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudwego.kitex.registry.Registry;
import io.cloudwego.kitex.registry.RegistryInfo;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerLifecycle;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Three greeter applications register their Kitex servers in a real ZooKeeper (Curator's
 * {@link TestingServer}, through Spring Cloud Zookeeper); a caller application's {@code @KitexClient}
 * calls them from several threads without pause, and one greeter application is closed while
 * they do. Its server leaves ZooKeeper while it still accepts connections, and no call fails,
 * before, during or after.
 *
 * <p>The caller has no retry policy. Until it resolves its instances again it still knows the
 * stopped one: the stopping server's replies carry {@code crrst}, so the caller passes over it and
 * retires its connections there, and a call that finds its port closed (which never reached it) is
 * sent to another instance transparently; see governance.md.
 */
class KitexZookeeperGracefulShutdownTest {
    private static final String GREETER_APP = "draining-greeter";
    private static final int GREETERS = 3;
    private static final int THREADS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestingServer zookeeper;
    /** What the stopping server's registry saw when it deregistered, by Kitex port. */
    private static final Map<Integer, Deregistration> deregistrations = new ConcurrentHashMap<>();
    /** The test's own client of ZooKeeper, for the greeters' registries to look with as they deregister. */
    private static CuratorFramework zookeeperClient;

    /**
     * At the moment a greeter's registry returned from deregistering: whether ZooKeeper still listed
     * its Kitex port, whether its port still accepted a connection, and how many requests its server
     * had handled.
     */
    record Deregistration(boolean stillInZookeeper, boolean stillAccepting, long requestsHandled) {
    }

    @BeforeAll
    static void startZookeeper() throws Exception {
        zookeeper = new TestingServer(true);
        zookeeperClient = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
        zookeeperClient.start();
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        zookeeperClient.close();
        zookeeper.close();
    }

    private static ConfigurableApplicationContext start(Class<?> application, String... arguments) {
        return ZookeeperApplications.start(zookeeper, application, arguments);
    }

    private static int kitexPort(ConfigurableApplicationContext application) {
        return application.getEnvironment().getRequiredProperty(KitexServerLifecycle.PORT_PROPERTY, Integer.class);
    }

    @Test
    void aGreeterStoppedUnderLoadLeavesZookeeperBeforeItStopsAcceptingAndNoCallFails() throws Exception {
        List<ConfigurableApplicationContext> greeters = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        try {
            for (int i = 0; i < GREETERS; i++) {
                greeters.add(start(GreeterApplication.class, "--spring.application.name=" + GREETER_APP));
            }
            try (ConfigurableApplicationContext callerApp = start(CallerApplication.class,
                "--spring.application.name=draining-caller",
                "--spring.cloud.service-registry.auto-registration.enabled=false",
                "--kitex.client.defaults.discovery-refresh-interval=1s")) {
                io.cloudwego.kitex.client.KitexClient client =
                    callerApp.getBean(KitexClients.class).entries().get(0).kitexClient();
                await().atMost(WAIT).until(() -> client.instances().size() == GREETERS);
                GreeterService greeter = callerApp.getBean(Caller.class).greeter;

                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong calls = new AtomicLong();
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<Future<?>> load = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String name = "t" + t;
                    load.add(callers.submit(() -> {
                        while (!stop.get()) {
                            try {
                                assertThat(greeter.greet(name)).isEqualTo("hello, " + name);
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                            calls.incrementAndGet();
                        }
                    }));
                }
                for (ConfigurableApplicationContext g : greeters) {
                    KitexServer server = g.getBean(KitexServer.class);
                    await().atMost(WAIT).until(() -> server.metrics().requests() >= 50);
                }

                ConfigurableApplicationContext stopping = greeters.get(0);
                int stoppingPort = kitexPort(stopping);
                KitexServer stoppingServer = stopping.getBean(KitexServer.class);
                stopping.close();
                long handledByTheStopped = stoppingServer.metrics().requests();

                await().atMost(WAIT).until(() -> client.instances().size() == GREETERS - 1);
                long callsAfterStop = calls.get();
                await().atMost(WAIT).until(() -> calls.get() >= callsAfterStop + 500);
                stop.set(true);
                for (Future<?> f : load) {
                    f.get();
                }

                assertThat(failures).as("calls that failed").isEmpty();
                assertThat(client.retryBudget("greet").totalRetries()).as("retries").isZero();
                Deregistration deregistration = deregistrations.get(stoppingPort);
                assertThat(deregistration).as("the stopping server deregistered").isNotNull();
                assertThat(deregistration.stillInZookeeper()).as("listed in ZooKeeper once deregistered").isFalse();
                assertThat(deregistration.stillAccepting()).as("accepting connections once deregistered").isTrue();
                assertThat(acceptsConnections(stoppingPort)).as("accepting connections once stopped").isFalse();
                System.out.printf("graceful stop under load: %d calls, %d transparent retries; the stopped server"
                        + " handled %d, %d of them after it deregistered%n", calls.get(), client.transparentRetries(),
                    handledByTheStopped, handledByTheStopped - deregistration.requestsHandled());
            }
        } finally {
            callers.shutdownNow();
            greeters.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the Kitex server's node (Spring Cloud Zookeeper's {@code /services/<name>/<id>}) is in ZooKeeper. */
    private static boolean listedInZookeeper(RegistryInfo info) throws Exception {
        String id = KitexRegistration.of(info, "127.0.0.1").getInstanceId();
        return zookeeperClient.checkExists().forPath("/services/" + info.serviceName() + "/" + id) != null;
    }

    /** Looks at ZooKeeper and the server's port as the registry returns from deregistering the server. */
    static final class RecordingRegistry implements Registry {
        private final Registry registry;
        private final ConfigurableApplicationContext application;

        RecordingRegistry(Registry registry, ConfigurableApplicationContext application) {
            this.registry = registry;
            this.application = application;
        }

        @Override
        public void register(RegistryInfo info) throws Exception {
            registry.register(info);
        }

        @Override
        public void deregister(RegistryInfo info) throws Exception {
            registry.deregister(info);
            int port = info.address().getPort();
            deregistrations.put(port, new Deregistration(listedInZookeeper(info), acceptsConnections(port),
                application.getBean(KitexServer.class).metrics().requests()));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class GreeterApplication {
        @Bean
        @KitexService
        GreeterService greeterService() {
            return new GreeterServiceImpl();
        }

        @Bean
        static BeanPostProcessor recordingRegistry(ConfigurableApplicationContext application) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof Registry registry ? new RecordingRegistry(registry, application) : bean;
                }
            };
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
