package io.cloudwego.kitex.samples.interop.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The interop server application, main class of {@code kitex-sample-grpc-interop.jar}: serves
 * {@link TestServiceImpl} ({@code grpc.testing.TestService} of the official gRPC interop protos) and
 * the Thrift {@link EchoServiceImpl} on one port, {@code kitex.server.port} (8888), until it is
 * stopped. gRPC, Kitex Protobuf and Thrift clients all call that port.
 */
@SpringBootApplication
public class InteropServerApplication {

    /** Runs the application; arguments are Spring Boot's, such as {@code --kitex.server.port=9999}. */
    public static void main(String[] args) {
        SpringApplication.run(InteropServerApplication.class, args);
    }
}
