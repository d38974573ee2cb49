package io.cloudwego.kitex.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.remote.Transport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's demo, with one second of load: the client's calls over every transport, ChatService's
 * streams over gRPC, the load loop, what the server's Actuator endpoints report, and both applications stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoDemoTest {

    @Test
    void printsTheCallsAndWhatActuatorShowsThenStops() throws Exception {
        String output = runDemo("1");

        for (Transport transport : Transport.messageFramings()) {
            assertThat(output).contains("  " + transport + ": echo -> \"hello over " + transport + "\"");
        }
        assertThat(output).contains("  ChatService.hello (Thrift, TTHEADER_FRAMED) -> \"hello, kitex\"",
            "  ChatService.words (server streaming, application/grpc+thrift) -> [\"streams\", \"over\", \"gRPC\", \"as\","
                + " \"Thrift\"]",
            "  ChatService.chat (bidirectional streaming, application/grpc+thrift) -> [\"heard: ping\", \"heard: pong\"]");
        long calls = number(output, "load: 1 KiB echo, 100 in flight, TTHEADER_FRAMED, MULTIPLEXED pool: ([\\d,]+) calls in"
            + " [\\d.]+ s = [\\d,]+ calls/s, 0 errors");
        assertThat(output).contains("  service EchoService (bean echoServiceImpl, handlers on executor): echo, fire (oneway)",
            "  service ChatService (bean chatServiceImpl, handlers on executor): hello, words (server-streaming),"
                + " chat (bidi-streaming)");
        // The server observed the measured calls, and the warm-up's and the first calls besides.
        assertThat(number(output, "  COUNT ([\\d,]+), TOTAL_TIME")).isGreaterThan(calls);
        assertThat(output).contains("  rpc.method: ChatService/hello, EchoService/echo, EchoService/fire", "  rpc.response.status_code: OK",
            "  UP; kitex UP");
        assertThat(output).containsPattern("\nstopped the client, then the server .*\n");
    }

    private static String runDemo(String... args) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EchoDemo.main(args);
        } finally {
            System.setOut(stdout);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        stdout.print(output);
        return output;
    }

    private static long number(String output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        assertThat(matcher.find()).as("%s in:%n%s", regex, output).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }
}
