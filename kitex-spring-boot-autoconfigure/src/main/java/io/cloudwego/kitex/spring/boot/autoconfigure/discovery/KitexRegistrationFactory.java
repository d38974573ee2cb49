package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * Makes the {@link Registration} of the Kitex server in the type the application's
 * {@link org.springframework.cloud.client.serviceregistry.ServiceRegistry ServiceRegistry} takes.
 * The starter has one for Spring Cloud Zookeeper; a registry that takes any {@code Registration}
 * needs none. Declare a bean of this type for another registry.
 */
@FunctionalInterface
public interface KitexRegistrationFactory {

    /** The registration the application's ServiceRegistry takes for the server {@code registration} describes. */
    Registration create(KitexRegistration registration);
}
