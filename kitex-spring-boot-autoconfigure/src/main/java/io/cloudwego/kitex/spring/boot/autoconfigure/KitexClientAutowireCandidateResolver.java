package io.cloudwego.kitex.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * Answers every injection point annotated {@link KitexClient @KitexClient} with the client from
 * {@link KitexClients}, and leaves every other one to the resolver it wraps. Fields are injection
 * points because {@code @KitexClient} is meta-annotated {@code @Autowired}; constructor and
 * {@code @Bean} method parameters are injection points anyway.
 */
final class KitexClientAutowireCandidateResolver implements AutowireCandidateResolver, BeanFactoryAware {
    private final AutowireCandidateResolver delegate;
    private @Nullable BeanFactory beanFactory;

    KitexClientAutowireCandidateResolver(AutowireCandidateResolver delegate) {
        this.delegate = delegate;
    }

    /** Installs the resolver in the bean factory, around the one it has. */
    static final class Installer implements BeanFactoryPostProcessor {
        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
            if (beanFactory instanceof DefaultListableBeanFactory factory
                && !(factory.getAutowireCandidateResolver() instanceof KitexClientAutowireCandidateResolver)) {
                factory.setAutowireCandidateResolver(
                    new KitexClientAutowireCandidateResolver(factory.getAutowireCandidateResolver()));
            }
        }
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        if (delegate instanceof BeanFactoryAware aware) {
            aware.setBeanFactory(beanFactory);
        }
    }

    @Override
    public @Nullable Object getSuggestedValue(DependencyDescriptor descriptor) {
        KitexClient client = descriptor.getAnnotation(KitexClient.class);
        if (client == null) {
            return delegate.getSuggestedValue(descriptor);
        }
        if (beanFactory == null) {
            throw new IllegalStateException("@KitexClient resolver used before it has a bean factory");
        }
        try {
            return beanFactory.getBean(KitexClients.class).get(client.value(), descriptor.getDependencyType());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("@KitexClient(\"" + client.value() + "\") " + descriptor.getDependencyType()
                .getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder holder, DependencyDescriptor descriptor) {
        return delegate.isAutowireCandidate(holder, descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
        return delegate.isRequired(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
        return delegate.hasQualifier(descriptor);
    }

    @Override
    public @Nullable String getSuggestedName(DependencyDescriptor descriptor) {
        return delegate.getSuggestedName(descriptor);
    }

    @Override
    public @Nullable Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, @Nullable String beanName) {
        return delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    @Override
    public @Nullable Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, @Nullable String beanName) {
        return delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
        return new KitexClientAutowireCandidateResolver(delegate.cloneIfNecessary());
    }
}
