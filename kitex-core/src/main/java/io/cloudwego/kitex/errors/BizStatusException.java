package io.cloudwego.kitex.errors;

import java.util.Map;

/**
 * A business status error: a handler throws it to answer with a status code, message and extra
 * values instead of a result, and a caller receives it as such. It travels in TTHeader string keys
 * ({@code biz-status}, {@code biz-message}, {@code biz-extra}), so it needs a TTHeader transport;
 * over Framed or Buffered the caller gets a {@link RemoteApplicationException} instead.
 */
public final class BizStatusException extends KitexException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String statusMessage;
    private final transient Map<String, String> extra;

    public BizStatusException(int statusCode, String statusMessage) {
        this(statusCode, statusMessage, Map.of());
    }

    public BizStatusException(int statusCode, String statusMessage, Map<String, String> extra) {
        super("biz error: status=" + statusCode + ", message=" + statusMessage);
        this.statusCode = statusCode;
        this.statusMessage = statusMessage;
        this.extra = Map.copyOf(extra);
    }

    /** The status code; never 0, which means no error. */
    public int statusCode() {
        return statusCode;
    }

    /** The status message. */
    public String statusMessage() {
        return statusMessage;
    }

    /** Extra key/values sent with the status. */
    public Map<String, String> extra() {
        return extra;
    }

    @Override
    public boolean mayHaveReachedServer() {
        return true;
    }
}
