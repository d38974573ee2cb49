package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.ClientService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.ClientSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;

class KitexPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class));

    @Test
    void defaultsAreKitexCoreDefaults() {
        runner.run(context -> {
            KitexProperties properties = context.getBean(KitexProperties.class);
            KitexProperties.Server server = properties.server();
            assertThat(server.enabled()).isTrue();
            assertThat(server.host()).isEqualTo("0.0.0.0");
            assertThat(server.port()).isEqualTo(8888);
            assertThat(server.exitWaitTime()).isEqualTo(KitexServer.DEFAULT_EXIT_WAIT_TIME);
            assertThat(server.idleTimeout()).isEqualTo(KitexServer.DEFAULT_IDLE_TIMEOUT);
            assertThat(server.maxFrameSize().toBytes()).isEqualTo(KitexServer.DEFAULT_MAX_FRAME_SIZE);
            assertThat(server.maxGrpcMessageSize().toBytes()).isEqualTo(KitexServer.DEFAULT_MAX_GRPC_MESSAGE_SIZE);
            assertThat(server.honorRpcTimeout()).isFalse();
            assertThat(server.ioThreads()).isNull();

            ClientSettings defaults = properties.client().defaults();
            assertThat(defaults.transport()).isEqualTo(Transport.TTHEADER_FRAMED);
            assertThat(defaults.pool()).isEqualTo(PoolType.MULTIPLEXED);
            assertThat(defaults.rpcTimeout()).isZero();
            assertThat(defaults.connectTimeout()).isEqualTo(KitexClient.DEFAULT_CONNECT_TIMEOUT);
            assertThat(defaults.connectionsPerAddress()).isEqualTo(KitexClient.DEFAULT_CONNECTIONS_PER_ADDRESS);
            assertThat(defaults.maxIdlePerAddress()).isEqualTo(KitexClient.DEFAULT_MAX_IDLE_PER_ADDRESS);
            assertThat(defaults.maxIdleGlobal()).isEqualTo(KitexClient.DEFAULT_MAX_IDLE_GLOBAL);
            assertThat(defaults.maxIdleTime()).isEqualTo(KitexClient.DEFAULT_MAX_IDLE_TIME);
            assertThat(defaults.maxFrameSize().toBytes()).isEqualTo(KitexServer.DEFAULT_MAX_FRAME_SIZE);
            assertThat(properties.client().services()).isEmpty();
        });
    }

    @Test
    void bindsDurationsListsDataSizesAndNestedMethodSettings() {
        runner.withPropertyValues(
                "kitex.server.port=9999",
                "kitex.server.exit-wait-time=750ms",
                "kitex.server.idle-timeout=0s",
                "kitex.server.max-frame-size=1MB",
                "kitex.server.max-grpc-message-size=32MB",
                "kitex.server.honor-rpc-timeout=true",
                "kitex.server.io-threads=3",
                "kitex.client.defaults.transport=ttheader",
                "kitex.client.defaults.connect-timeout=100ms",
                "kitex.client.defaults.rpc-timeout=2s",
                "kitex.client.services.echo.addresses=10.0.0.1:8888,[::1]:9999",
                "kitex.client.services.echo.transport=framed",
                "kitex.client.services.echo.pool=long",
                "kitex.client.services.echo.max-frame-size=64KB",
                "kitex.client.services.echo.methods.echo.rpc-timeout=200ms",
                "kitex.client.services.other.addresses[0]=other-host:1",
                "kitex.client.services.other.transport=grpc")
            .run(context -> {
                KitexProperties properties = context.getBean(KitexProperties.class);
                KitexProperties.Server server = properties.server();
                assertThat(server.port()).isEqualTo(9999);
                assertThat(server.exitWaitTime()).isEqualTo(Duration.ofMillis(750));
                assertThat(server.idleTimeout()).isZero();
                assertThat(server.maxFrameSize()).isEqualTo(DataSize.ofMegabytes(1));
                assertThat(server.maxGrpcMessageSize()).isEqualTo(DataSize.ofMegabytes(32));
                assertThat(server.honorRpcTimeout()).isTrue();
                assertThat(server.ioThreads()).isEqualTo(3);

                ClientService echo = properties.client().services().get("echo");
                assertThat(echo.addresses()).containsExactly("10.0.0.1:8888", "[::1]:9999");
                assertThat(echo.methods().get("echo").rpcTimeout()).isEqualTo(Duration.ofMillis(200));
                assertThat(properties.client().services().get("other").addresses()).containsExactly("other-host:1");

                ClientSettings settings = properties.client().settings("echo");
                assertThat(settings.transport()).isEqualTo(Transport.FRAMED);
                assertThat(settings.pool()).isEqualTo(PoolType.LONG);
                assertThat(settings.maxFrameSize()).isEqualTo(DataSize.ofKilobytes(64));
                // unset for the service: taken from the defaults, set or not
                assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(100));
                assertThat(settings.rpcTimeout()).isEqualTo(Duration.ofSeconds(2));
                assertThat(settings.maxIdleTime()).isEqualTo(KitexClient.DEFAULT_MAX_IDLE_TIME);

                assertThat(properties.client().settings("other").transport()).isEqualTo(Transport.GRPC);
                assertThat(properties.client().settings("unknown")).isEqualTo(properties.client().defaults());
                assertThat(properties.client().service("unknown").addresses()).isEmpty();
            });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kitex.server.port                                | 65536     | kitex.server.port",
        "kitex.server.port                                | -1        | kitex.server.port",
        "kitex.server.exit-wait-time                      | -1s       | kitex.server.exit-wait-time",
        "kitex.server.idle-timeout                        | -5m       | kitex.server.idle-timeout",
        "kitex.server.max-frame-size                      | 10B       | kitex.server.max-frame-size",
        "kitex.server.max-grpc-message-size               | 0B        | kitex.server.max-grpc-message-size",
        "kitex.server.io-threads                          | 0         | kitex.server.io-threads",
        "kitex.client.defaults.connect-timeout            | 0ms       | kitex.client.defaults.connect-timeout",
        "kitex.client.defaults.rpc-timeout                | -1ms      | kitex.client.defaults.rpc-timeout",
        "kitex.client.defaults.connections-per-address    | 0         | kitex.client.defaults.connections-per-address",
        "kitex.client.defaults.max-idle-time              | 0s        | kitex.client.defaults.max-idle-time",
        "kitex.client.defaults.max-frame-size             | 4GB       | kitex.client.defaults.max-frame-size",
        "kitex.client.services.echo.rpc-timeout           | -5ms      | kitex.client.services.echo.rpc-timeout",
        "kitex.client.services.echo.max-idle-global       | -1        | kitex.client.services.echo.max-idle-global",
        "kitex.client.services.echo.addresses[0]          | nonsense  | kitex.client.services.echo.addresses[0]",
        "kitex.client.services.echo.addresses[0]          | host:     | kitex.client.services.echo.addresses[0]",
        "kitex.client.services.echo.addresses[0]          | host:0    | kitex.client.services.echo.addresses[0]",
        "kitex.client.services.echo.addresses[0]          | host:http | kitex.client.services.echo.addresses[0]",
        "kitex.client.services.echo.addresses[0]          | ::1:80    | kitex.client.services.echo.addresses[0]",
        "kitex.client.services.echo.methods.echo.rpc-timeout | -1s     | kitex.client.services.echo.methods.echo.rpc-timeout",
        "kitex.client.defaults.transport                  | http2     | kitex.client.defaults.transport",
        "kitex.client.services.echo.pool                  | huge      | kitex.client.services.echo.pool",
        "kitex.server.exit-wait-time                      | soon      | kitex.server.exit-wait-time",
    })
    void invalidValueFailsStartUpNamingItsProperty(String property, String value, String reported) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(failedProperty(context.getStartupFailure())).isEqualTo(reported);
        });
    }

    @Test
    void anInvalidSecondAddressIsNamedByItsIndexAndTheReasonIsGiven() {
        runner.withPropertyValues("kitex.client.services.echo.addresses=127.0.0.1:8888,127.0.0.1:70000").run(context -> {
            assertThat(failedProperty(context.getStartupFailure())).isEqualTo("kitex.client.services.echo.addresses[1]");
            FieldError error = fieldError(context.getStartupFailure());
            assertThat(error.getDefaultMessage()).isEqualTo("must be host:port, with a port from 1 to 65535");
            assertThat(error.getRejectedValue()).isEqualTo("127.0.0.1:70000");
        });
    }

    @Test
    void aServiceNameWithOtherCharactersIsNamedInBrackets() {
        runner.withPropertyValues("kitex.client.services[Echo.Svc].addresses=bad").run(context ->
            assertThat(failedProperty(context.getStartupFailure())).isEqualTo("kitex.client.services[Echo.Svc].addresses[0]"));
    }

    @Test
    void placeholdersLeftInAddressesAreCheckedWhenAClientIsBuilt() {
        runner.withPropertyValues("kitex.client.services.echo.addresses=127.0.0.1:${not.yet.known}")
            .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void addressProblems() {
        for (String good : List.of("127.0.0.1:1", "host:65535", "[::1]:8888", "a.b.c:80")) {
            assertThat(io.cloudwego.kitex.discovery.HostPort.problem(good)).as(good).isNull();
        }
        for (String bad : List.of("", ":80", "host", "host:", "host:x", "host:65536", "::1:80", "[::1:80", "host:-1")) {
            assertThat(io.cloudwego.kitex.discovery.HostPort.problem(bad)).as(bad).isNotNull();
        }
    }

    /** The property a start-up failure names: the field of a validation error, or the name a binding failed on. */
    static String failedProperty(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindValidationException) {
                FieldError error = fieldError(failure);
                return error.getObjectName() + "." + error.getField();
            }
            if (t instanceof BindException bind && !(t.getCause() instanceof BindValidationException)) {
                return bind.getName().toString();
            }
        }
        throw new AssertionError("not a binding failure", failure);
    }

    private static FieldError fieldError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindValidationException validation) {
                List<FieldError> errors = validation.getValidationErrors().getAllErrors().stream()
                    .filter(FieldError.class::isInstance).map(FieldError.class::cast).toList();
                assertThat(errors).hasSize(1);
                return errors.get(0);
            }
        }
        throw new AssertionError("not a validation failure", failure);
    }
}
