package io.cloudwego.kitex.limit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answer of {@link Limiter#tryAcquire()} for one request: granted, to be {@link #release()
 * released} when the request has been answered, or refused by a limit.
 */
public final class Permit {
    /** A granted permit that holds nothing, such as one from a limiter without a concurrency limit. */
    static final Permit FREE = new Permit(null, null);

    private final LimitKind refusedBy;
    private final Limiter heldOn;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(LimitKind refusedBy, Limiter heldOn) {
        this.refusedBy = refusedBy;
        this.heldOn = heldOn;
    }

    static Permit refused(LimitKind limit) {
        return new Permit(limit, null);
    }

    static Permit held(Limiter limiter) {
        return new Permit(null, limiter);
    }

    /** Whether the request may proceed. */
    public boolean isGranted() {
        return refusedBy == null;
    }

    /** The limit that refused the request, or {@code null} when it is granted. */
    public LimitKind refusedBy() {
        return refusedBy;
    }

    /** Gives the permit back once its request is answered; later calls do nothing. */
    public void release() {
        if (heldOn != null && released.compareAndSet(false, true)) {
            heldOn.releaseConcurrency();
        }
    }
}
