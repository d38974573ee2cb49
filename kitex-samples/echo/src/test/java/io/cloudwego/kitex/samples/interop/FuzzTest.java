package io.cloudwego.kitex.samples.interop;

import static io.cloudwego.kitex.samples.interop.RawWire.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.ttheader.IntKey;
import io.cloudwego.kitex.remote.codec.ttheader.StringKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.samples.echo.EchoServiceClient;
import io.cloudwego.kitex.samples.interop.RawWire.Closed;
import io.cloudwego.kitex.samples.interop.RawWire.Connection;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.server.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of a running {@link KitexServer}: random bytes, and valid frames of all four
 * transports mutated by bit flips, truncation, byte insertion and deletion and length-field
 * corruption, each sent on a fresh raw socket (a few inputs hold several frames back to back).
 * Whatever the server does with an input (reply, close) is fine; afterwards it must still serve
 * every transport, hold no connection but the good clients', have no call in flight, and have
 * met no unexpected exception.
 *
 * <p>The seed is printed; rerun one with {@code -Dkitex.fuzz.seed=N}. {@code -Dkitex.fuzz.count=N}
 * changes the number of inputs.
 */
class FuzzTest {
    private static final long DEFAULT_SEED = 0x4B69746578L;
    private static final int DEFAULT_COUNT = 4000;
    private static final int MAX_FRAME_SIZE = 256 * 1024;
    /** Raw sockets open at once, at most. */
    private static final int PARALLEL = 4;
    /** Inputs not sent within this budget are skipped (and reported), to bound the run on a slow machine. */
    private static final Duration BUDGET = Duration.ofSeconds(25);
    private static final Duration REACTION_TIMEOUT = Duration.ofSeconds(5);
    private static final int[] INTERESTING_INTS = {
        0, 1, 2, 3, 4, 7, 8, 13, 14, -1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x80010001, 0x10000000,
        0xFFFF, 0x10000, MAX_FRAME_SIZE - 5, MAX_FRAME_SIZE - 4, MAX_FRAME_SIZE, MAX_FRAME_SIZE + 1, 64, 255, 256,
    };

    private static KitexServer server;
    private static final Map<Transport, EchoServiceClient> GOOD = new EnumMap<>(Transport.class);

    @BeforeAll
    static void start() {
        server = RawWire.startEchoServer(MAX_FRAME_SIZE);
        for (Transport transport : Transport.messageFramings()) {
            GOOD.put(transport, RawWire.goodClient(server, transport));
        }
    }

    @AfterAll
    static void stop() {
        GOOD.values().forEach(EchoServiceClient::close);
        GOOD.clear();
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void serverSurvivesFuzzedInput() throws Exception {
        long seed = Long.getLong("kitex.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("kitex.fuzz.count", DEFAULT_COUNT);
        System.out.printf("FuzzTest: seed %d, %d inputs (rerun with -Dkitex.fuzz.seed=%d)%n", seed, count, seed);

        ServerMetrics metrics = server.metrics();
        assertGoodClientsEcho("before fuzzing");

        List<Seed> seeds = validSeeds();
        Random random = new Random(seed);
        List<byte[]> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inputs.add(nextInput(random, seeds));
        }

        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int perWorker = (count + PARALLEL - 1) / PARALLEL;
            for (int w = 0; w < PARALLEL; w++) {
                int from = w * perWorker;
                int to = Math.min(count, from + perWorker);
                futures.add(workers.submit(() -> {
                    for (int i = from; i < to && System.nanoTime() < deadline; i++) {
                        String outcome = exchange(inputs.get(i));
                        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
                        sent.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(BUDGET.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        Map<String, Long> outcomeCounts = new TreeMap<>();
        outcomes.forEach((o, n) -> outcomeCounts.put(o, n.sum()));
        System.out.printf("FuzzTest: sent %d of %d inputs in %.1f s; socket outcomes %s%n", sent.get(), count,
            (System.nanoTime() - started) / 1e9, outcomeCounts);
        System.out.printf("FuzzTest: server requests %d, protocol errors %s%n", metrics.requests(),
            metrics.protocolErrors());

        // The server still serves every transport, on the connections the good clients already had.
        assertGoodClientsEcho("after fuzzing");
        int goodConnections = GOOD.values().stream().mapToInt(c -> c.kitexClient().openConnections()).sum();
        assertThat(goodConnections).isEqualTo(Transport.messageFramings().size());
        assertThat(eventually(Duration.ofSeconds(10), () -> metrics.activeConnections() == goodConnections))
            .as("active connections (%d) return to the good clients' %d", metrics.activeConnections(), goodConnections)
            .isTrue();
        assertThat(eventually(Duration.ofSeconds(10), () -> metrics.inFlightRequests() == 0))
            .as("no request left in flight (%d)", metrics.inFlightRequests())
            .isTrue();
        // Every failure was a protocol violation the server recognised, never an unexpected exception.
        assertThat(metrics.protocolErrors()).doesNotContainKey("internal-error");
        // The fuzzing reached both the error paths and the handlers.
        assertThat(metrics.protocolErrorCount()).isPositive();
        assertThat(metrics.requests()).isGreaterThan(2L * Transport.messageFramings().size());
        assertThat(sent.get()).isPositive();
    }

    private static void assertGoodClientsEcho(String message) {
        GOOD.forEach((transport, client) -> {
            String m = message + " over " + transport;
            assertThat(client.echo(EchoRequest.builder().message(m).build()).message()).isEqualTo(m);
        });
    }

    /** Sends {@code input} on a fresh connection, half-closes, and waits for the server to close. */
    private static String exchange(byte[] input) throws IOException {
        try (Connection connection = new Connection(server.port(), REACTION_TIMEOUT)) {
            boolean written = connection.send(input);
            connection.shutdownOutput();
            Closed closed = connection.awaitClosed(REACTION_TIMEOUT);
            if (closed == null) {
                return "no-close-within-" + REACTION_TIMEOUT.toSeconds() + "s";
            }
            return (written ? "" : "write-failed/") + closed.name().toLowerCase();
        }
    }

    // ---- inputs ----------------------------------------------------------------------------------

    /** A valid frame and where its length fields are: 4-byte ones, and the 2-byte TTHeader header size. */
    private record Seed(Transport transport, byte[] bytes, int[] intLengthOffsets, int headerSizeOffset) {
    }

    private static List<Seed> validSeeds() {
        String[] payloads = {"", "hi", LibthriftSupport.NON_BMP, "p".repeat(300), "q".repeat(3000)};
        List<Seed> seeds = new ArrayList<>();
        int seq = 1;
        for (Transport transport : Transport.messageFramings()) {
            for (String payload : payloads) {
                seeds.add(seed(transport, "echo", MessageType.CALL, seq++, payload, false));
            }
            seeds.add(seed(transport, "fire", MessageType.ONEWAY, seq++, "oneway", false));
            seeds.add(seed(transport, "noSuchMethod", MessageType.CALL, seq++, "unknown", false));
            seeds.add(seed(transport, "echo", MessageType.CALL, seq++, "rich header", true));
        }
        return seeds;
    }

    /** Encodes one request with kitex-java's own {@link FrameEncoder}, then releases the buffer. */
    private static Seed seed(Transport transport, String method, MessageType type, int seqId, String message,
                             boolean richHeader) {
        TTHeader header = null;
        if (transport.isTTHeader()) {
            header = new TTHeader().seqId(seqId);
            header.intInfo().put(IntKey.TO_METHOD, method);
            header.intInfo().put(IntKey.MSG_TYPE, Integer.toString(type.id()));
            header.stringInfo().put(StringKey.IDL_SERVICE_NAME, "EchoService");
            if (richHeader) {
                header.aclToken("token");
                header.intInfo().put(IntKey.FROM_SERVICE, "fuzzer");
                header.intInfo().put(IntKey.RPC_TIMEOUT, "1000");
                header.stringInfo().put("RPC_TRANSIT_k", "v");
                header.stringInfo().put("RPC_PERSIST_p", "中文");
            }
        }
        ByteBuf buf = FrameEncoder.encode(ByteBufAllocator.DEFAULT, transport, header,
            new MessageHeader(method, type, seqId), out -> {
                out.writeFieldBegin(ThriftType.STRUCT, (short) 1);
                out.writeStruct(EchoRequest.CODEC, EchoRequest.builder().message(message).build());
                out.writeFieldStop();
            });
        byte[] bytes;
        try {
            bytes = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        List<Integer> offsets = new ArrayList<>();
        int headerSizeOffset = -1;
        int messageStart = 0;
        if (transport.isTTHeader()) {
            offsets.add(0);
            headerSizeOffset = 12;
            messageStart = 14 + (((bytes[12] & 0xFF) << 8) | (bytes[13] & 0xFF)) * 4;
        }
        if (transport.isFramed()) {
            offsets.add(messageStart);
            messageStart += 4;
        }
        int nameLength = method.getBytes(StandardCharsets.UTF_8).length;
        offsets.add(messageStart + 4); // method name length
        offsets.add(messageStart + 8 + nameLength + 4 + 3 + 3); // EchoRequest.message length
        return new Seed(transport, bytes, offsets.stream().mapToInt(Integer::intValue).toArray(), headerSizeOffset);
    }

    private static byte[] nextInput(Random random, List<Seed> seeds) {
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        switch (random.nextInt(10)) {
            case 0:
                return randomBytes(random, random.nextInt(65));
            case 1:
                return randomBytes(random, 64 + random.nextInt(2048));
            case 2: {
                // a valid prefix gets past protocol detection, then noise
                int keep = Math.min(seed.bytes().length, 8 + random.nextInt(24));
                return RawWire.concat(Arrays.copyOf(seed.bytes(), keep), randomBytes(random, random.nextInt(256)));
            }
            case 8:
                // several frames on one connection: a good one, then a mutated one
                return RawWire.concat(seed.bytes(), mutate(random, seeds.get(random.nextInt(seeds.size()))));
            case 9: {
                // a mutated frame, then good frames of any transports
                byte[] input = mutate(random, seed);
                for (int i = random.nextInt(3); i >= 0; i--) {
                    input = RawWire.concat(input, seeds.get(random.nextInt(seeds.size())).bytes());
                }
                return input;
            }
            default:
                return mutate(random, seed);
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One to three mutations of a valid frame; length fields are corrupted before bytes shift. */
    private static byte[] mutate(Random random, Seed seed) {
        byte[] bytes = seed.bytes().clone();
        if (random.nextInt(3) == 0) {
            bytes = corruptLength(random, seed, bytes);
        }
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(6)) {
                case 0: { // bit flips
                    for (int i = 1 + random.nextInt(8); i > 0 && bytes.length > 0; i--) {
                        int at = random.nextInt(bytes.length);
                        bytes[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                }
                case 1: // truncation
                    bytes = Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
                    break;
                case 2: { // insertion
                    int at = random.nextInt(bytes.length + 1);
                    byte[] inserted = randomBytes(random, 1 + random.nextInt(16));
                    bytes = RawWire.concat(Arrays.copyOf(bytes, at), inserted,
                        Arrays.copyOfRange(bytes, at, bytes.length));
                    break;
                }
                case 3: { // deletion
                    if (bytes.length > 0) {
                        int at = random.nextInt(bytes.length);
                        int n = Math.min(bytes.length - at, 1 + random.nextInt(16));
                        bytes = RawWire.concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, at + n, bytes.length));
                    }
                    break;
                }
                case 4: // length-field corruption (positions as in the seed; shifted bytes make it a guess)
                    bytes = corruptLength(random, seed, bytes);
                    break;
                default: { // an interesting byte
                    if (bytes.length > 0) {
                        byte[] values = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 0x01, 0x0F, 0x0C, 0x0B, 0x10};
                        bytes[random.nextInt(bytes.length)] = values[random.nextInt(values.length)];
                    }
                    break;
                }
            }
        }
        return bytes;
    }

    private static byte[] corruptLength(Random random, Seed seed, byte[] bytes) {
        int[] offsets = seed.intLengthOffsets();
        boolean headerSize = seed.headerSizeOffset() >= 0 && random.nextInt(4) == 0;
        if (headerSize) {
            int at = seed.headerSizeOffset();
            if (at + 2 <= bytes.length) {
                int value = random.nextBoolean() ? random.nextInt(0x10000) : new int[] {0, 1, 2, 0xFFFF}[random.nextInt(4)];
                bytes[at] = (byte) (value >>> 8);
                bytes[at + 1] = (byte) value;
            }
            return bytes;
        }
        int at = offsets[random.nextInt(offsets.length)];
        if (at + 4 > bytes.length) {
            return bytes;
        }
        int original = ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
            | (bytes[at + 3] & 0xFF);
        int value;
        switch (random.nextInt(4)) {
            case 0:
                value = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
                break;
            case 1:
                value = original + random.nextInt(17) - 8;
                break;
            case 2:
                value = random.nextInt();
                break;
            default:
                value = original * 2 + 1;
                break;
        }
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
        return bytes;
    }
}
