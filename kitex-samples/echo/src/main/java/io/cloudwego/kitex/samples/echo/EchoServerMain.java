package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.samples.echo.server.EchoServiceImpl;
import io.cloudwego.kitex.server.HandlerExecution;
import io.cloudwego.kitex.server.KitexServer;

/**
 * Runs an EchoService server on kitex-core alone (no Spring) until the process is stopped.
 *
 * <p>Arguments: {@code [port, default 8888] [executor|event-loop, default executor]}.
 */
public final class EchoServerMain {
    private EchoServerMain() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        HandlerExecution execution = args.length > 1 && args[1].equals("event-loop")
            ? HandlerExecution.EVENT_LOOP : HandlerExecution.EXECUTOR;
        KitexServer server = KitexServer.builder()
            .port(port)
            .service(EchoService.DESCRIPTOR, new EchoServiceImpl(), execution)
            .build()
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kitex-shutdown"));
        System.out.println("EchoService listening on port " + server.port() + ", handlers on " + execution);
    }
}
