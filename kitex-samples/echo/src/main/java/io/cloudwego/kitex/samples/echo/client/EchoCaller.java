package io.cloudwego.kitex.samples.echo.client;

import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.samples.echo.EchoLoad;
import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Calls EchoService once the application has started, printing each result: an echo and a
 * fire-and-forget over every transport (one client each, {@code echo-ttheader}, …), then a load loop
 * on the {@code echo} client, 1 KiB echo calls with 100 in flight for {@code echo.load-seconds} after
 * a one-second warm-up.
 */
@Component
class EchoCaller implements ApplicationRunner {
    private static final int IN_FLIGHT = 100;
    private static final int PAYLOAD_BYTES = 1024;

    private final EchoService.Async echo;
    private final KitexClients clients;
    private final KitexProperties.ClientSettings echoSettings;
    private final Duration load;

    EchoCaller(@KitexClient("echo") EchoService.Async echo, KitexClients clients, KitexProperties properties,
               @Value("${echo.load-seconds}") long loadSeconds) {
        this.echo = echo;
        this.clients = clients;
        this.echoSettings = properties.client().settings("echo");
        this.load = Duration.ofSeconds(loadSeconds);
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        for (Transport transport : Transport.messageFramings()) {
            EchoService client = clients.get("echo-" + transport.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                EchoService.class);
            String reply = client.echo(request("hello over " + transport)).message();
            client.fire(request("fire-and-forget over " + transport));
            System.out.println("  " + transport + ": echo -> \"" + reply + "\"");
        }

        EchoLoad.Result result = EchoLoad.run(echo, IN_FLIGHT, PAYLOAD_BYTES, Duration.ofSeconds(1), load);
        System.out.printf(Locale.ROOT, "load: 1 KiB echo, %d in flight, %s, %s pool: %,d calls in %.1f s = %,.0f calls/s,"
                + " %d errors%n", IN_FLIGHT, echoSettings.transport(), echoSettings.pool(), result.calls(),
            result.seconds(), result.callsPerSecond(), result.errors());
    }

    private static EchoRequest request(String message) {
        return EchoRequest.builder().message(message).build();
    }
}
