package io.cloudwego.kitex.rpcinfo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.testing.PingService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RpcInfoMetainfoTest {

    @Test
    void clientMiddlewareAddsMetainfoThatTheServerReceives() throws Exception {
        CompletableFuture<Metainfo> received = new CompletableFuture<>();
        Middleware receiving = next -> (info, request) -> {
            received.complete(info.metainfo());
            return next.call(info, request);
        };
        Middleware adding = next -> (info, request) -> {
            info.metainfo(info.metainfo().withTransient("added", "by-middleware"));
            return next.call(info, request);
        };
        try (KitexServer server = KitexServer.builder().host("127.0.0.1").port(0).middleware(receiving)
                 .service(PingService.DESCRIPTOR, PingService.create()).build().start();
             KitexClient client = KitexClient.builder("ping", PingService.DESCRIPTOR)
                 .addresses("127.0.0.1:" + server.port()).middleware(adding).build();
             Metainfo.Scope ignored = Metainfo.current().withTransient("set", "by-caller").makeCurrent()) {
            client.call(PingService.FIRE, "").get(10, TimeUnit.SECONDS);
            Metainfo metainfo = received.get(10, TimeUnit.SECONDS);
            assertThat(metainfo.transientValue("added")).isEqualTo("by-middleware");
            assertThat(metainfo.transientValue("set")).isEqualTo("by-caller");
        }
    }
}
