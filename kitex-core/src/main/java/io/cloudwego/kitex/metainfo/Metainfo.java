package io.cloudwego.kitex.metainfo;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Key/values that travel with calls, as Kitex's metainfo does:
 * <ul>
 *   <li><b>transient</b> values go to the next hop only: the callee reads them, but its own calls
 *       do not carry them on;</li>
 *   <li><b>persistent</b> values go to every hop down the call chain;</li>
 *   <li><b>backward</b> values go from a callee back to its caller in the reply.</li>
 * </ul>
 * A {@code Metainfo} is immutable but for its backward values. A client call carries the current
 * metainfo of its thread ({@link #current()}); inside a server handler that is the metainfo the
 * request brought, so persistent values flow on by themselves. Travels only over TTHeader.
 */
public final class Metainfo {
    /** Wire prefix of transient values. */
    public static final String TRANSIENT_PREFIX = "RPC_TRANSIT_";
    /** Wire prefix of transient values an intermediate hop passed on (read like transient ones). */
    public static final String UPSTREAM_TRANSIENT_PREFIX = "RPC_TRANSIT_UPSTREAM_";
    /** Wire prefix of persistent values. */
    public static final String PERSISTENT_PREFIX = "RPC_PERSIST_";

    /** No values. */
    public static final Metainfo EMPTY = new Metainfo(Map.of(), Map.of(), Map.of(), null, null);

    private static final ThreadLocal<Metainfo> CURRENT = new ThreadLocal<>();

    private final Map<String, String> transientValues;
    private final Map<String, String> upstreamTransientValues;
    private final Map<String, String> persistentValues;
    private final BackwardValues receivedBackward;
    private final BackwardValues backwardToSend;

    private Metainfo(Map<String, String> transientValues, Map<String, String> upstreamTransientValues,
                     Map<String, String> persistentValues, BackwardValues receivedBackward,
                     BackwardValues backwardToSend) {
        this.transientValues = transientValues;
        this.upstreamTransientValues = upstreamTransientValues;
        this.persistentValues = persistentValues;
        this.receivedBackward = receivedBackward;
        this.backwardToSend = backwardToSend;
    }

    /** The metainfo current on this thread, or {@link #EMPTY}. */
    public static Metainfo current() {
        Metainfo current = CURRENT.get();
        return current == null ? EMPTY : current;
    }

    /** Makes this metainfo current on this thread until the returned scope closes. */
    public Scope makeCurrent() {
        Metainfo previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** A section of code during which a metainfo is current. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** A copy with the transient value {@code key} set. */
    public Metainfo withTransient(String key, String value) {
        return new Metainfo(with(transientValues, key, value), upstreamTransientValues, persistentValues,
            receivedBackward, backwardToSend);
    }

    /** A copy with the persistent value {@code key} set. */
    public Metainfo withPersistent(String key, String value) {
        return new Metainfo(transientValues, upstreamTransientValues, with(persistentValues, key, value),
            receivedBackward, backwardToSend);
    }

    /**
     * A copy that collects the backward values of the calls made while it is current; read them
     * with {@link #backwardValue(String)} after a call completes.
     */
    public Metainfo withBackwardValues() {
        return new Metainfo(transientValues, upstreamTransientValues, persistentValues,
            new BackwardValues(), backwardToSend);
    }

    /** The transient value of {@code key} set here or received from the caller, or {@code null}. */
    public String transientValue(String key) {
        String value = transientValues.get(key);
        return value != null ? value : upstreamTransientValues.get(key);
    }

    /** The persistent value of {@code key}, or {@code null}. */
    public String persistentValue(String key) {
        return persistentValues.get(key);
    }

    /** The transient values set on this hop (the ones a call sends). */
    public Map<String, String> transientValues() {
        return transientValues;
    }

    /** The transient values received from the caller (not sent on). */
    public Map<String, String> upstreamTransientValues() {
        return upstreamTransientValues;
    }

    /** The persistent values. */
    public Map<String, String> persistentValues() {
        return persistentValues;
    }

    /** A backward value received from a callee, or {@code null}; needs {@link #withBackwardValues()}. */
    public String backwardValue(String key) {
        return receivedBackward == null ? null : receivedBackward.snapshot().get(key);
    }

    /** The backward values received so far (empty without {@link #withBackwardValues()}). */
    public Map<String, String> backwardValues() {
        return receivedBackward == null ? Map.of() : receivedBackward.snapshot();
    }

    /**
     * Sends a backward value to the caller of the request being handled on this thread.
     *
     * @throws IllegalStateException outside of a server handler
     */
    public static void sendBackward(String key, String value) {
        BackwardValues sink = current().backwardToSend;
        if (sink == null) {
            throw new IllegalStateException("sendBackward is only possible while handling a request");
        }
        sink.put(key, value);
    }

    /** Adds the values a call carries to {@code stringInfo}, with their wire prefixes. */
    public void writeRequestKeys(Map<String, String> stringInfo) {
        transientValues.forEach((k, v) -> stringInfo.put(TRANSIENT_PREFIX + k, v));
        persistentValues.forEach((k, v) -> stringInfo.put(PERSISTENT_PREFIX + k, v));
    }

    /**
     * The metainfo a server handler sees for a request whose string keys are {@code stringInfo}:
     * the caller's transient values become upstream ones, persistent values carry on, and backward
     * values sent by the handler are collected for the reply.
     */
    public static Metainfo ofRequest(Map<String, String> stringInfo) {
        Map<String, String> upstream = Map.of();
        Map<String, String> persistent = Map.of();
        if (stringInfo != null) {
            for (Map.Entry<String, String> e : stringInfo.entrySet()) {
                String key = e.getKey();
                if (!key.startsWith("RPC_")) {
                    continue;
                }
                if (key.startsWith(UPSTREAM_TRANSIENT_PREFIX)) {
                    upstream = mutable(upstream);
                    upstream.putIfAbsent(key.substring(UPSTREAM_TRANSIENT_PREFIX.length()), e.getValue());
                } else if (key.startsWith(TRANSIENT_PREFIX)) {
                    upstream = mutable(upstream);
                    upstream.put(key.substring(TRANSIENT_PREFIX.length()), e.getValue());
                } else if (key.startsWith(PERSISTENT_PREFIX)) {
                    persistent = mutable(persistent);
                    persistent.put(key.substring(PERSISTENT_PREFIX.length()), e.getValue());
                }
            }
        }
        return new Metainfo(Map.of(), upstream, persistent, null, new BackwardValues());
    }

    /** The backward values a handler sent, to be written in the reply. */
    public Map<String, String> backwardToSend() {
        return backwardToSend == null ? Map.of() : backwardToSend.snapshot();
    }

    /** Records backward values that arrived in a reply, when this metainfo collects them. */
    public void receiveBackward(Map<String, String> values) {
        if (receivedBackward != null && !values.isEmpty()) {
            receivedBackward.putAll(values);
        }
    }

    private static Map<String, String> mutable(Map<String, String> map) {
        return map.isEmpty() ? new HashMap<>() : map;
    }

    /** Backward values of one call; the map is only made when a value arrives. */
    private static final class BackwardValues {
        private Map<String, String> values;

        synchronized void put(String key, String value) {
            if (values == null) {
                values = new HashMap<>();
            }
            values.put(key, value);
        }

        synchronized void putAll(Map<String, String> more) {
            if (values == null) {
                values = new HashMap<>();
            }
            values.putAll(more);
        }

        synchronized Map<String, String> snapshot() {
            return values == null ? Map.of() : Map.copyOf(values);
        }
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new HashMap<>(map);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "Metainfo{transient=" + transientValues + ", upstream=" + upstreamTransientValues
            + ", persistent=" + persistentValues + '}';
    }
}
