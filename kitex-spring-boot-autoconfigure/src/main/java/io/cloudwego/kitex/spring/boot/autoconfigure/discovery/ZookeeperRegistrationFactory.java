package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.cloud.zookeeper.serviceregistry.ServiceInstanceRegistration;

/** Registers the Kitex server with Spring Cloud Zookeeper, as a node of its own under the service's name. */
final class ZookeeperRegistrationFactory implements KitexRegistrationFactory {

    @Override
    public Registration create(KitexRegistration registration) {
        return ServiceInstanceRegistration.builder()
            .id(registration.getInstanceId())
            .name(registration.getServiceId())
            .address(registration.getHost())
            .port(registration.getPort())
            .payload(new ZookeeperInstance(registration.getInstanceId(), registration.getServiceId(),
                registration.getMetadata()))
            .build();
    }
}
