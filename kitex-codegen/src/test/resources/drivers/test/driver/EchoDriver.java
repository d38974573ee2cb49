package test.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoResponse;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.samples.echo.EchoServiceClient;
import io.cloudwego.kitex.server.HandlerExecution;
import io.cloudwego.kitex.server.KitexServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The EchoService generated from echo.thrift, served and called over 127.0.0.1; run by EchoEndToEndTest. */
public final class EchoDriver implements Runnable {
    final Semaphore fired = new Semaphore(0);

    final class Blocking implements EchoService {
        @Override
        public EchoResponse echo(EchoRequest req) {
            return EchoResponse.builder().message(req.message()).build();
        }

        @Override
        public void fire(EchoRequest req) {
            fired.release();
        }
    }

    final class NonBlocking implements EchoService.Async {
        @Override
        public CompletableFuture<EchoResponse> echo(EchoRequest req) {
            return CompletableFuture.completedFuture(EchoResponse.builder().message("async " + req.message()).build());
        }

        @Override
        public CompletableFuture<Void> fire(EchoRequest req) {
            fired.release();
            return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public void run() {
        check(KitexServer.builder().host("127.0.0.1").port(0).service(EchoService.DESCRIPTOR, new Blocking()), "");
        check(KitexServer.builder().host("127.0.0.1").port(0)
            .service(EchoService.Async.DESCRIPTOR, new NonBlocking(), HandlerExecution.EVENT_LOOP), "async ");
    }

    private void check(KitexServer.Builder serverBuilder, String prefix) {
        try (KitexServer server = serverBuilder.build().start()) {
            for (Transport transport : Transport.messageFramings()) {
                try (EchoServiceClient echo = new EchoServiceClient(EchoServiceClient.builder("echo")
                        .addresses("127.0.0.1:" + server.port()).transport(transport)
                        .rpcTimeout(Duration.ofSeconds(10)).build())) {
                    EchoRequest hello = EchoRequest.builder().message("hello over " + transport).build();
                    assertThat(echo.echo(hello).message()).isEqualTo(prefix + "hello over " + transport);
                    assertThat(echo.async().echo(hello).join().message()).isEqualTo(prefix + "hello over " + transport);
                }
            }
            try (EchoServiceClient echo = new EchoServiceClient(EchoServiceClient.builder("echo")
                    .addresses("127.0.0.1:" + server.port()).build())) {
                echo.fire(EchoRequest.builder().message("fire").build());
                assertThat(fired.tryAcquire(10, TimeUnit.SECONDS)).as("oneway fire reached the server").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
