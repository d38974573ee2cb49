package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.server.HandlerExecution;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The services the auto-configured server serves: one per service interface of each
 * {@link KitexService @KitexService} bean.
 */
public final class KitexServices {
    private final List<Service> services;

    /**
     * A served service.
     *
     * @param beanName the name of the implementing bean
     * @param descriptor the service
     * @param implementation the implementing bean
     * @param execution where its handlers run
     */
    public record Service(String beanName, ServiceDescriptor<?> descriptor, Object implementation,
                          HandlerExecution execution) {
    }

    /** Serves {@code services}, in order. */
    public KitexServices(List<Service> services) {
        this.services = List.copyOf(services);
    }

    /**
     * The services of the {@code @KitexService} beans of {@code beanFactory}.
     *
     * @throws IllegalStateException when such a bean implements no service interface
     */
    static KitexServices fromAnnotatedBeans(ListableBeanFactory beanFactory) {
        List<Service> services = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(KitexService.class)) {
            KitexService annotation = beanFactory.findAnnotationOnBean(name, KitexService.class);
            Object bean = beanFactory.getBean(name);
            List<ServiceDescriptor<?>> descriptors = ServiceInterfaces.servicesImplementedBy(AopUtils.getTargetClass(bean));
            if (descriptors.isEmpty()) {
                throw new IllegalStateException("@KitexService bean '" + name + "' (" + bean.getClass().getName()
                    + ") implements no Kitex service interface: an interface with a "
                    + ServiceInterfaces.DESCRIPTOR_FIELD + " constant");
            }
            for (ServiceDescriptor<?> descriptor : descriptors) {
                services.add(new Service(name, descriptor, bean,
                    annotation != null ? annotation.execution() : HandlerExecution.EXECUTOR));
            }
        }
        return new KitexServices(services);
    }

    /** The services, in the order they are registered with the server. */
    public List<Service> services() {
        return services;
    }

    /** Registers every service with {@code builder}. */
    public void registerWith(KitexServer.Builder builder) {
        services.forEach(service -> register(builder, service.descriptor(), service.implementation(), service.execution()));
    }

    private static <S> void register(KitexServer.Builder builder, ServiceDescriptor<S> descriptor, Object implementation,
                                     HandlerExecution execution) {
        builder.service(descriptor, descriptor.type().cast(implementation), execution);
    }
}
