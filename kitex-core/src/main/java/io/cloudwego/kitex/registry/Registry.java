package io.cloudwego.kitex.registry;

/**
 * Where a server makes itself known, so that clients resolve it. A server built with a registry
 * registers once it listens, and on a graceful stop deregisters before anything else: clients stop
 * choosing it while it still serves the calls they have sent.
 */
public interface Registry {

    /**
     * Registers the server {@code info} describes.
     *
     * @throws Exception when it could not be registered; the server then does not start
     */
    void register(RegistryInfo info) throws Exception;

    /**
     * Deregisters the server {@code info} describes, as it was registered.
     *
     * @throws Exception when it could not be deregistered; the server stops all the same
     */
    void deregister(RegistryInfo info) throws Exception;
}
