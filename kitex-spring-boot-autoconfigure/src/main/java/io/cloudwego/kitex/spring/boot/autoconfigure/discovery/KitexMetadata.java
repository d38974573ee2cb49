package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

/**
 * The instance metadata keys through which Kitex servers and clients meet in a Spring Cloud
 * registry.
 */
public final class KitexMetadata {

    /**
     * The port a Kitex server listens on. A registered instance is a Kitex instance, called at its
     * host and this port, only when its metadata has this key.
     */
    public static final String PORT = "kitex.port";

    /** The wire protocols the Kitex server detects on its port, comma-separated ({@code ttheader,framed,...}). */
    public static final String PROTOCOLS = "kitex.protocols";

    /** The instance's weight: its share of calls relative to other instances. */
    public static final String WEIGHT = "weight";

    private KitexMetadata() {
    }
}
