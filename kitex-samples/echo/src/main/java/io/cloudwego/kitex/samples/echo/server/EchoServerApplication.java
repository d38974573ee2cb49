package io.cloudwego.kitex.samples.echo.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The echo server application, main class of {@code kitex-sample-echo.jar}: serves
 * {@link EchoServiceImpl} on {@code kitex.server.port} (8888), and Actuator's {@code health},
 * {@code kitex} and {@code metrics} endpoints over HTTP on {@code server.port} (8080), until it is
 * stopped. Its configuration is {@code application.yml}.
 */
@SpringBootApplication
public class EchoServerApplication {

    /** Runs the application; arguments are Spring Boot's, such as {@code --kitex.server.port=9999}. */
    public static void main(String[] args) {
        SpringApplication.run(EchoServerApplication.class, args);
    }
}
