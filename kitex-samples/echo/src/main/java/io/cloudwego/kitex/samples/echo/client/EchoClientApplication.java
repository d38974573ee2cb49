package io.cloudwego.kitex.samples.echo.client;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The echo client application: once started, {@link EchoCaller} calls the EchoService at
 * {@code echo.server}, prints what happened, and the application ends. Its configuration is
 * {@code echo-client.yml}; it has no web server and no Kitex server.
 */
@SpringBootApplication
public class EchoClientApplication {

    /** Runs the calls and exits; arguments are Spring Boot's, such as {@code --echo.server=host:port}. */
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(application().run(args)));
    }

    /** The application, configured by {@code echo-client.yml}: its {@code run} returns once the calls are done. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(EchoClientApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("spring.config.name", "echo-client"));
        return application;
    }
}
