package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import io.cloudwego.kitex.registry.Registry;
import io.cloudwego.kitex.registry.RegistryInfo;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.core.ResolvableType;

/**
 * Registers a Kitex server through Spring Cloud's {@link ServiceRegistry}, as a
 * {@link KitexRegistration} of its own. A server bound to every interface is registered at an
 * address of this host that others reach (Spring Cloud's first non-loopback address).
 */
public final class ServiceRegistryRegistry implements Registry {
    private final ServiceRegistry<Registration> serviceRegistry;
    private final KitexRegistrationFactory registrationFactory;
    private final Supplier<String> localHost;
    private final Map<RegistryInfo, Registration> registered = new ConcurrentHashMap<>();

    /**
     * @param serviceRegistry the application's registry
     * @param registrationFactory makes the registrations {@code serviceRegistry} takes; {@code null}
     *     when it takes any {@link Registration}
     * @param localHost an address of this host that others reach, for a server bound to every interface
     * @throws IllegalStateException when {@code registrationFactory} is {@code null} and
     *     {@code serviceRegistry} takes a type of registration of its own
     */
    @SuppressWarnings("unchecked")
    public ServiceRegistryRegistry(ServiceRegistry<?> serviceRegistry, @Nullable KitexRegistrationFactory registrationFactory,
                                   Supplier<String> localHost) {
        this.serviceRegistry = (ServiceRegistry<Registration>) serviceRegistry;
        this.registrationFactory = registrationFactory != null ? registrationFactory : sameRegistration(serviceRegistry);
        this.localHost = localHost;
    }

    private static KitexRegistrationFactory sameRegistration(ServiceRegistry<?> serviceRegistry) {
        Class<?> takes = ResolvableType.forInstance(serviceRegistry).as(ServiceRegistry.class).resolveGeneric(0);
        if (takes != null && !takes.isAssignableFrom(KitexRegistration.class)) {
            throw new IllegalStateException("The Kitex server cannot register with " + serviceRegistry.getClass().getName()
                + ", which takes " + takes.getName() + ": declare a " + KitexRegistrationFactory.class.getSimpleName()
                + " bean that makes one, or set kitex.server.registry.enabled=false");
        }
        return registration -> registration;
    }

    @Override
    public void register(RegistryInfo info) {
        InetAddress bound = info.address().getAddress();
        String host = bound == null || bound.isAnyLocalAddress() ? localHost.get() : bound.getHostAddress();
        Registration registration = registrationFactory.create(KitexRegistration.of(info, host));
        serviceRegistry.register(registration);
        registered.put(info, registration);
    }

    @Override
    public void deregister(RegistryInfo info) {
        Registration registration = registered.remove(info);
        if (registration != null) {
            serviceRegistry.deregister(registration);
        }
    }
}
