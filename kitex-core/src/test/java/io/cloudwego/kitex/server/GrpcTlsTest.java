package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** gRPC over TLS with ALPN h2, grpc-java as the client. */
class GrpcTlsTest {

    private static InputStream resource(String name) {
        return GrpcTlsTest.class.getResourceAsStream("/tls/" + name);
    }

    @Test
    void servesGrpcOverTlsWithAlpn() throws Exception {
        SslContext serverContext;
        try (InputStream cert = resource("localhost.crt"); InputStream key = resource("localhost.key")) {
            serverContext = SslContextBuilder.forServer(cert, key)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2))
                .build();
        }
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(0).sslContext(serverContext)
            .service(GrpcTestService.DESCRIPTOR, new GrpcTestService.Handlers()).build().start();
        ManagedChannel channel;
        try (InputStream cert = resource("localhost.crt")) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).overrideAuthority("localhost")
                .sslContext(GrpcSslContexts.forClient().trustManager(cert).build()).build();
        }
        try {
            assertThat(ClientCalls.blockingUnaryCall(channel, GrpcTestService.Client.UNARY, CallOptions.DEFAULT,
                StringValue.of("over tls")).getValue()).isEqualTo("over tls");
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.stop(Duration.ofSeconds(1));
        }
    }
}
