package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.Transport;
import java.time.Duration;
import java.util.Locale;

/**
 * A small load loop against a running EchoService, on kitex-core alone (no Spring): keeps a number
 * of echo calls in flight for a while and prints calls per second.
 *
 * <p>Arguments: {@code host:port [seconds=10] [in-flight=100] [payload-bytes=1024]
 * [transport=TTHEADER_FRAMED] [pool=MULTIPLEXED]}.
 */
public final class EchoLoadMain {
    private EchoLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        String address = args[0];
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int payload = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        Transport transport = args.length > 4 ? Transport.valueOf(args[4].toUpperCase(Locale.ROOT)) : Transport.TTHEADER_FRAMED;
        PoolType pool = args.length > 5 ? PoolType.valueOf(args[5].toUpperCase(Locale.ROOT)) : PoolType.MULTIPLEXED;
        try (EchoServiceClient client = new EchoServiceClient(EchoServiceClient.builder("echo")
            .addresses(address).transport(transport).pool(pool).maxIdle(inFlight, inFlight)
            .connectTimeout(Duration.ofSeconds(1)).rpcTimeout(Duration.ofSeconds(5)).build())) {
            EchoLoad.Result result = EchoLoad.run(client.async(), inFlight, payload, Duration.ofSeconds(2),
                Duration.ofSeconds(seconds));
            System.out.printf(Locale.ROOT, "%s %s, %d B echo, %d in flight: %,d calls in %.1f s = %,.0f calls/s, %d errors%n",
                transport, pool, payload, inFlight, result.calls(), result.seconds(), result.callsPerSecond(),
                result.errors());
        }
    }
}
