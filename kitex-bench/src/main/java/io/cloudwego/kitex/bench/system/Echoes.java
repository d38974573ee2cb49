package io.cloudwego.kitex.bench.system;

/** Checks of an echo's answer shared by the clients. */
final class Echoes {
    private Echoes() {
    }

    /** {@code null} when {@code answered} bytes came back for {@code sent}, the failure otherwise. */
    static Throwable check(int answered, int sent) {
        return answered == sent ? null : new IllegalStateException("echo of " + sent + " bytes answered " + answered);
    }
}
