package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.spring.boot.autoconfigure.actuate.KitexEndpoint;
import io.cloudwego.kitex.spring.boot.autoconfigure.actuate.KitexEndpoint.ServiceMethodDescriptor;
import io.cloudwego.kitex.spring.boot.autoconfigure.echo.EchoService;
import io.cloudwego.kitex.spring.boot.autoconfigure.echo.EchoServiceImpl;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * An application serving a Protobuf service and a Thrift service on one port, and calling both
 * through {@code @KitexClient}s: the Protobuf one as Kitex Protobuf in TTHeaderFramed, the Thrift one
 * in Framed. Actuator lists the Protobuf methods with their kinds; Micrometer tags their calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.application.name=mixed-app",
    "kitex.server.host=127.0.0.1",
    "kitex.server.port=0",
    "kitex.client.services.echo.addresses=127.0.0.1:${" + KitexServerLifecycle.PORT_PROPERTY + "}",
    "kitex.client.services.echo.transport=ttheader-framed",
    "kitex.client.services.echo.methods.Echo.rpc-timeout=5s",
    "kitex.client.services.greeter.addresses=127.0.0.1:${" + KitexServerLifecycle.PORT_PROPERTY + "}",
    "kitex.client.services.greeter.transport=framed",
    "management.endpoints.web.exposure.include=kitex",
})
class KitexProtobufServiceTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(GreeterServiceConfiguration.class)
    static class MixedApplication {

        @Bean
        @KitexService
        EchoServiceImpl echoService() {
            return new EchoServiceImpl();
        }

        @Bean
        Recorder recorder() {
            return new Recorder();
        }
    }

    /** Records the calls the server handles. */
    static class Recorder implements KitexServerMiddleware {
        final Queue<RpcInfo> calls = new ConcurrentLinkedQueue<>();

        @Override
        public Endpoint wrap(Endpoint next) {
            return (info, request) -> {
                calls.add(info);
                return next.call(info, request);
            };
        }
    }

    @KitexClient("echo")
    EchoService echo;

    @KitexClient("echo")
    EchoService.Async echoAsync;

    @KitexClient("greeter")
    GreeterService greeter;

    @Autowired
    KitexEndpoint endpoint;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Recorder recorder;

    @Autowired
    KitexClients clients;

    @Test
    void aProtobufAndAThriftServiceAreServedAndCalledSideBySide() {
        assertThat(echo.echo(StringValue.of("blocking")).getValue()).isEqualTo("blocking");
        assertThat(echoAsync.echo(StringValue.of("async")).join().getValue()).isEqualTo("async");
        assertThat(greeter.greet("thrift")).isEqualTo("hello, thrift");
        assertThatThrownBy(() -> echo.echo(StringValue.of("fail")))
            .isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
                assertThat(e.type()).isEqualTo(RemoteApplicationException.INTERNAL_ERROR);
                assertThat(e.getMessage()).isEqualTo("biz error: asked to fail");
            });

        assertThat(recorder.calls).extracting(info -> info.idlServiceName() + "/" + info.method() + " " + info.transport())
            .containsExactly("EchoService/Echo TTHEADER_FRAMED", "EchoService/Echo TTHEADER_FRAMED",
                "Greeter/greet FRAMED", "EchoService/Echo TTHEADER_FRAMED");
        KitexClients.Entry echoClient = clients.entries().stream()
            .filter(e -> e.serviceName().equals("echo")).findFirst().orElseThrow();
        assertThat(echoClient.kitexClient().transport()).isEqualTo(Transport.TTHEADER_FRAMED);
        assertThat(echoClient.methodRpcTimeouts()).isEqualTo(Map.of("Echo", Duration.ofSeconds(5)));
    }

    @Test
    void actuatorListsProtobufMethodsWithTheirKinds() {
        echo.echo(StringValue.of("listed"));

        KitexEndpoint.KitexDescriptor kitex = endpoint.kitex();

        KitexEndpoint.ServedServiceDescriptor served = kitex.server().services().stream()
            .filter(s -> s.name().equals("EchoService")).findFirst().orElseThrow();
        assertThat(served.serviceInterface()).isEqualTo(EchoService.class.getName());
        assertThat(served.bean()).isEqualTo("echoService");
        assertThat(served.methods()).containsExactly(new ServiceMethodDescriptor("Echo", "unary"),
            new ServiceMethodDescriptor("Watch", "server-streaming"));
        assertThat(kitex.server().services()).extracting(KitexEndpoint.ServedServiceDescriptor::name)
            .containsExactlyInAnyOrder("EchoService", "Greeter");
        KitexEndpoint.ClientDescriptor client = kitex.clients().stream()
            .filter(c -> c.serviceName().equals("echo")).findFirst().orElseThrow();
        assertThat(client.idlServiceName()).isEqualTo("EchoService");
        assertThat(client.transport()).isEqualTo("ttheader-framed");
        assertThat(client.methods()).extracting(ServiceMethodDescriptor::kind).containsExactly("unary", "server-streaming");
    }

    @Test
    void observationsTagProtobufCallsWithServiceAndMethod() {
        echo.echo(StringValue.of("observed"));

        for (String side : List.of("server", "client")) {
            assertThat(meters.get("rpc." + side + ".call.duration").tag("rpc.method", "EchoService/Echo")
                .tag("rpc.system.name", "kitex").timer().count())
                .as("%s calls of EchoService/Echo", side).isPositive();
        }
    }

    @Test
    void aProtobufClientOnATransportThatCannotCarryItFailsAtStartNamingTheProperty() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class))
            .withUserConfiguration(EchoCaller.class)
            .withPropertyValues("kitex.client.services.echo.addresses=127.0.0.1:1",
                "kitex.client.services.echo.transport=ttheader")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessage(
                    "kitex.client.services.echo.transport: transport TTHEADER cannot carry Kitex Protobuf, the encoding"
                        + " of Protobuf service kitex.test.EchoService: use TTHEADER_FRAMED, FRAMED or GRPC");
            });
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class))
            .withUserConfiguration(EchoCaller.class)
            .withPropertyValues("kitex.client.services.echo.addresses=127.0.0.1:1",
                "kitex.client.defaults.transport=buffered")
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageStartingWith("kitex.client.defaults.transport: transport BUFFERED cannot carry Kitex Protobuf"));
    }

    @Test
    void perMethodSettingsNameProtobufMethods() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class))
            .withUserConfiguration(EchoCaller.class)
            .withPropertyValues("kitex.client.services.echo.addresses=127.0.0.1:1",
                "kitex.client.services.echo.methods.Shout.rpc-timeout=1s")
            .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessage(
                "kitex.client.services.echo.methods[Shout]: service EchoService has no method Shout; its methods are"
                    + " [Echo, Watch]"));
    }

    static class EchoCaller {
        @KitexClient("echo")
        EchoService echo;
    }
}
