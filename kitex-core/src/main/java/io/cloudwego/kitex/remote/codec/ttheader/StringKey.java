package io.cloudwego.kitex.remote.codec.ttheader;

/** The string info keys of TTHeader that kitex-java reads or writes. */
public final class StringKey {
    /** IDL service name, used by a multi-service server to route. */
    public static final String IDL_SERVICE_NAME = "isn";
    /** Connection ready to reset: the server is stopping and the client should not reuse the connection. */
    public static final String CONNECTION_RESET = "crrst";
    public static final String BIZ_STATUS = "biz-status";
    public static final String BIZ_MESSAGE = "biz-message";
    public static final String BIZ_EXTRA = "biz-extra";
    /** Where the ACL token lives when it is seen as a key. */
    public static final String ACL_TOKEN = "RPC_TRANSIT_gdpr-token";

    private StringKey() {
    }
}
