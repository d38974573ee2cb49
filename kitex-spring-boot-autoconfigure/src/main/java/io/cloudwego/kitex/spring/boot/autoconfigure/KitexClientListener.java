package io.cloudwego.kitex.spring.boot.autoconfigure;

/**
 * Told of every client {@link KitexClients} builds, once it is built: a bean of this type sees each
 * {@link io.cloudwego.kitex.client.KitexClient} to bind metrics to it, for example.
 */
@FunctionalInterface
public interface KitexClientListener {

    /** {@code entry}'s client has just been built. */
    void clientCreated(KitexClients.Entry entry);
}
