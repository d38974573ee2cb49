package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.CallPolicy;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.retry.RetryPolicy;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

/** Retry, idempotency and timeout properties become the call policies of a client's methods. */
class KitexRetryPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class))
        .withUserConfiguration(Caller.class)
        .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:1");

    @Configuration(proxyBeanMethods = false)
    static class Caller {
        @io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient("greeter")
        GreeterService greeter;
    }

    @Test
    void noRetryUnlessConfigured() {
        runner.run(context -> {
            CallPolicy policy = client(context).policies().policy("greet");
            assertThat(policy.retry()).isNull();
            assertThat(policy.idempotent()).isFalse();
        });
    }

    @Test
    void aMethodsSettingsOverrideTheServicesWhichOverrideTheDefaults() {
        runner.withPropertyValues(
                "kitex.client.defaults.rpc-timeout=2s",
                "kitex.client.defaults.retry.type=backup-request",
                "kitex.client.defaults.retry.backup-delay=30ms",
                "kitex.client.services.greeter.retry.type=failure-retry",
                "kitex.client.services.greeter.retry.max-retries=4",
                "kitex.client.services.greeter.retry.backoff=random",
                "kitex.client.services.greeter.retry.backoff-delay=5ms",
                "kitex.client.services.greeter.retry.backoff-max-delay=10ms",
                "kitex.client.services.greeter.retry.budget-percent=20",
                "kitex.client.services.greeter.methods.greet.idempotent=true",
                "kitex.client.services.greeter.methods.greet.rpc-timeout=300ms")
            .run(context -> {
                CallPolicy policy = client(context).policies().policy("greet");
                assertThat(policy.rpcTimeout()).isEqualTo(Duration.ofMillis(300));
                assertThat(policy.idempotent()).isTrue();
                RetryPolicy retry = policy.retry();
                assertThat(retry.type()).isEqualTo(RetryPolicy.Type.FAILURE_RETRY);
                assertThat(retry.maxRetries()).isEqualTo(4);
                assertThat(retry.budgetPercent()).isEqualTo(20);
                assertThat(retry.chainStop()).isTrue();
                assertThat(retry.backoff().delay(1)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
            });
    }

    @Test
    void aBackupRequestFromTheDefaults() {
        runner.withPropertyValues(
                "kitex.client.defaults.retry.type=backup-request",
                "kitex.client.defaults.retry.backup-delay=30ms",
                "kitex.client.defaults.retry.max-backups=2",
                "kitex.client.defaults.retry.chain-stop=false")
            .run(context -> {
                RetryPolicy retry = client(context).policies().policy("greet").retry();
                assertThat(retry.type()).isEqualTo(RetryPolicy.Type.BACKUP_REQUEST);
                assertThat(retry.backupDelay()).isEqualTo(Duration.ofMillis(30));
                assertThat(retry.maxRetries()).isEqualTo(2);
                assertThat(retry.chainStop()).isFalse();
            });
    }

    private static KitexClient client(ApplicationContext context) {
        context.getBean(Caller.class);
        return context.getBean(KitexClients.class).entries().get(0).kitexClient();
    }
}
