package io.cloudwego.kitex.spring.boot.autoconfigure;

import static io.cloudwego.kitex.spring.boot.autoconfigure.KitexPropertiesTest.failedProperty;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.limit.Limits;
import io.cloudwego.kitex.loadbalance.ConsistentHash;
import io.cloudwego.kitex.loadbalance.LoadBalancer;
import io.cloudwego.kitex.loadbalance.Picker;
import io.cloudwego.kitex.loadbalance.WeightedRandom;
import io.cloudwego.kitex.loadbalance.WeightedRoundRobin;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceDescriptor;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Load balancer, circuit breaker and server limit properties, as they reach clients and the server. */
class KitexGovernancePropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class))
        .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:1");

    static class Caller {
        @KitexClient("greeter")
        GreeterService greeter;
    }

    @Configuration(proxyBeanMethods = false)
    static class CallerConfiguration {
        @Bean
        Caller caller() {
            return new Caller();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ByUserConfiguration {
        @Bean
        LoadBalancer byUser() {
            return ConsistentHash.byMetainfo("user");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceConfiguration {
        @Bean
        @KitexService
        GreeterService greeterService() {
            return new GreeterServiceImpl();
        }
    }

    private static io.cloudwego.kitex.client.KitexClient client(org.springframework.context.ApplicationContext context) {
        return context.getBean(KitexClients.class).entries().get(0).kitexClient();
    }

    @Test
    void byDefaultClientsBalanceByWeightedRoundRobinWithoutBreakers() {
        runner.withUserConfiguration(CallerConfiguration.class).run(context -> {
            assertThat(client(context).loadBalancer()).isSameAs(WeightedRoundRobin.INSTANCE);
            assertThat(client(context).circuitBreakers()).isNull();
        });
    }

    @Test
    void aLoadBalancerIsNamedByPropertyOrIsTheApplicationsOnlyLoadBalancerBean() {
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues("kitex.client.defaults.load-balancer=weighted-random")
            .run(context -> assertThat(client(context).loadBalancer()).isSameAs(WeightedRandom.INSTANCE));
        runner.withUserConfiguration(CallerConfiguration.class, ByUserConfiguration.class)
            .run(context -> assertThat(client(context).loadBalancer()).isSameAs(context.getBean("byUser")));
        runner.withUserConfiguration(CallerConfiguration.class, ByUserConfiguration.class)
            .withPropertyValues("kitex.client.services.greeter.load-balancer=weighted-round-robin")
            .run(context -> assertThat(client(context).loadBalancer()).isSameAs(WeightedRoundRobin.INSTANCE));
        runner.withUserConfiguration(CallerConfiguration.class, ByUserConfiguration.class)
            .withPropertyValues("kitex.client.defaults.load-balancer=weighted-random",
                "kitex.client.services.greeter.load-balancer=byUser")
            .run(context -> assertThat(client(context).loadBalancer()).isSameAs(context.getBean("byUser")));
    }

    @Test
    void anUnknownLoadBalancerFailsStartUpNamingTheProperty() {
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues("kitex.client.services.greeter.load-balancer=round-robin")
            .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                "kitex.client.services.greeter.load-balancer: no load balancer named round-robin"));
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues("kitex.client.defaults.load-balancer=caller")
            .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                "kitex.client.defaults.load-balancer: no load balancer named caller"));
    }

    @Test
    void aConsistentHashByPropertyHashesTheMetainfoValueItsKeyPropertyNames() {
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues("kitex.client.defaults.consistent-hash-key=tenant",
                "kitex.client.services.greeter.load-balancer=consistent-hash")
            .run(context -> {
                LoadBalancer balancer = client(context).loadBalancer();
                assertThat(balancer).isInstanceOf(ConsistentHash.class);
                List<Instance> instances = new ArrayList<>();
                for (int port = 1; port <= 8; port++) {
                    instances.add(new Instance(new InetSocketAddress("127.0.0.1", port), 10, Map.of()));
                }
                Picker picker = balancer.newPicker(instances);
                Set<Instance> chosen = new HashSet<>();
                for (int tenant = 0; tenant < 50; tenant++) {
                    Metainfo metainfo = Metainfo.EMPTY.withTransient("tenant", "t" + tenant);
                    Instance first = picker.pick(call(metainfo), null, instance -> true);
                    assertThat(picker.pick(call(metainfo), null, instance -> true)).isEqualTo(first);
                    assertThat(picker.pick(call(Metainfo.EMPTY.withPersistent("tenant", "t" + tenant)), null,
                        instance -> true)).isEqualTo(first);
                    chosen.add(first);
                }
                assertThat(chosen).as("50 keys spread over several of the 8 instances").hasSizeGreaterThan(1);
            });
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues("kitex.client.services.greeter.load-balancer=consistent-hash")
            .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                "kitex.client.defaults.consistent-hash-key: kitex.client.services.greeter.load-balancer is"
                    + " consistent-hash, which needs the metainfo key to hash"));
    }

    private static RpcInfo call(Metainfo metainfo) {
        return new RpcInfo(new EndpointInfo("caller", "", null), new EndpointInfo("greeter", "greet", null), "Greeter",
            "greet", MethodKind.UNARY, GreeterServiceDescriptor.GREET, Transport.TTHEADER_FRAMED, Duration.ZERO, metainfo);
    }

    @Test
    void circuitBreakerSettingsOfAServiceOverrideTheDefaultsOneByOneOverKitexDefaults() {
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues(
                "kitex.client.defaults.circuit-breaker.min-samples=50",
                "kitex.client.defaults.circuit-breaker.wait-in-open=2s",
                "kitex.client.services.greeter.circuit-breaker.enabled=true",
                "kitex.client.services.greeter.circuit-breaker.error-rate=0.25",
                "kitex.client.services.greeter.circuit-breaker.window=20s")
            .run(context -> assertThat(client(context).circuitBreakers().settings()).isEqualTo(
                CircuitBreakerSettings.DEFAULT.withMinSamples(50).withWaitInOpen(Duration.ofSeconds(2))
                    .withErrorRate(0.25).withWindow(Duration.ofSeconds(20))));
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues("kitex.client.defaults.circuit-breaker.enabled=true",
                "kitex.client.services.greeter.circuit-breaker.enabled=false")
            .run(context -> assertThat(client(context).circuitBreakers()).isNull());
        runner.withUserConfiguration(CallerConfiguration.class)
            .withPropertyValues("kitex.client.defaults.circuit-breaker.enabled=true")
            .run(context -> assertThat(client(context).circuitBreakers().settings()).isEqualTo(CircuitBreakerSettings.DEFAULT));
    }

    @Test
    void serverLimitsReachTheServer() {
        runner.withUserConfiguration(ServiceConfiguration.class)
            .withPropertyValues("kitex.server.port=0", "kitex.server.limit.max-connections=100",
                "kitex.server.limit.max-qps=1000", "kitex.server.limit.max-concurrency=50")
            .run(context -> assertThat(context.getBean(KitexServer.class).limiter().limits())
                .isEqualTo(new Limits(100, 1000, 50)));
        runner.withUserConfiguration(ServiceConfiguration.class).withPropertyValues("kitex.server.port=0")
            .run(context -> assertThat(context.getBean(KitexServer.class).limiter().limits()).isEqualTo(Limits.NONE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kitex.server.limit.max-connections                          | -1    ",
        "kitex.server.limit.max-qps                                  | -10   ",
        "kitex.server.limit.max-concurrency                          | -1    ",
        "kitex.client.defaults.circuit-breaker.error-rate            | 0     ",
        "kitex.client.defaults.circuit-breaker.error-rate            | 1.5   ",
        "kitex.client.defaults.circuit-breaker.min-samples           | 0     ",
        "kitex.client.defaults.circuit-breaker.window                | 1500ms",
        "kitex.client.defaults.circuit-breaker.window                | 0s    ",
        "kitex.client.services.echo.circuit-breaker.wait-in-open     | 0s    ",
        "kitex.client.services.echo.circuit-breaker.half-open-calls  | 0     ",
    })
    void invalidValueFailsStartUpNamingItsProperty(String property, String value) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(failedProperty(context.getStartupFailure())).isEqualTo(property);
        });
    }
}
