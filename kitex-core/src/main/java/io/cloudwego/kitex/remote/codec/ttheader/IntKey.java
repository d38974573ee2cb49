package io.cloudwego.kitex.remote.codec.ttheader;

/** The integer info keys of TTHeader that kitex-java reads or writes. */
public final class IntKey {
    public static final int TRANSPORT_TYPE = 1;
    public static final int LOG_ID = 2;
    public static final int FROM_SERVICE = 3;
    public static final int FROM_CLUSTER = 4;
    public static final int FROM_IDC = 5;
    public static final int TO_SERVICE = 6;
    public static final int TO_CLUSTER = 7;
    public static final int TO_IDC = 8;
    public static final int TO_METHOD = 9;
    public static final int ENV = 10;
    public static final int DEST_ADDRESS = 11;
    public static final int RPC_TIMEOUT = 12;
    public static final int READ_TIMEOUT = 13;
    public static final int RING_HASH_KEY = 14;
    public static final int CONNECT_TIMEOUT = 17;
    public static final int SPAN_CONTEXT = 18;
    public static final int SHORT_CONNECTION = 19;
    public static final int FROM_METHOD = 20;
    public static final int STRESS_TAG = 21;
    public static final int MSG_TYPE = 22;

    private IntKey() {
    }
}
