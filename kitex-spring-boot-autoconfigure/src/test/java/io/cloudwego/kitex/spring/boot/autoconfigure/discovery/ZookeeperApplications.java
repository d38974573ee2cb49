package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the applications of the ZooKeeper tests: on 127.0.0.1, free ports, Spring Cloud Zookeeper on the test's server. */
final class ZookeeperApplications {
    private ZookeeperApplications() {
    }

    /** Runs {@code application} with {@code arguments} after the common ones. */
    static ConfigurableApplicationContext start(TestingServer zookeeper, Class<?> application, String... arguments) {
        List<String> all = new ArrayList<>(List.of(
            "--spring.cloud.zookeeper.enabled=true",
            "--spring.cloud.zookeeper.connect-string=" + zookeeper.getConnectString(),
            "--spring.cloud.zookeeper.discovery.instance-host=127.0.0.1",
            "--server.port=0",
            "--kitex.server.host=127.0.0.1",
            "--kitex.server.port=0"));
        all.addAll(List.of(arguments));
        return new SpringApplicationBuilder(application).run(all.toArray(String[]::new));
    }
}
