package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.TEST_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.server.KitexServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Metainfo along a chain of three servers in one JVM, caller → A → B → C (reference §1.7): transient
 * values reach the next hop only, persistent values reach every hop, and backward values sent by
 * C and B come back to A and to the caller. Metainfo travels only in TTHeader.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetainfoPropagationTest {
    @RegisterExtension
    final RpcFixture rpc = RpcFixture.perTest();

    /**
     * One hop: records the metainfo its handler sees; calls the next hop, if any, with a transient
     * and a persistent value of its own; passes back what the next hop sent backward, and a backward
     * value of its own.
     */
    private static final class Hop implements TestServices.TestService {
        final String name;
        final BlockingQueue<Metainfo> seen = new LinkedBlockingQueue<>();
        volatile KitexClient next;

        Hop(String name) {
            this.name = name;
        }

        @Override
        public CompletableFuture<String> echo(String msg) {
            Metainfo received = Metainfo.current();
            seen.add(received);
            String reply = name;
            if (next != null) {
                Metainfo outgoing = received
                    .withTransient("t-" + name, name + " transient")
                    .withPersistent("p-" + name, name + " persistent")
                    .withBackwardValues();
                try (Metainfo.Scope ignored = outgoing.makeCurrent()) {
                    reply = name + ">" + next.callBlocking(ECHO, msg);
                }
                outgoing.backwardValues().forEach(Metainfo::sendBackward);
            }
            Metainfo.sendBackward("b-" + name, name + " backward");
            return CompletableFuture.completedFuture(reply);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void transientGoesOneHopPersistentGoesAllTheWayBackwardComesBack(Transport transport) {
        Hop a = new Hop("A");
        Hop b = new Hop("B");
        Hop c = new Hop("C");
        KitexServer serverA = rpc.server(a);
        KitexServer serverB = rpc.server(b);
        KitexServer serverC = rpc.server(c);
        a.next = rpc.client(serverB, TEST_SERVICE, x -> x.transport(transport).callerServiceName("A"));
        b.next = rpc.client(serverC, TEST_SERVICE, x -> x.transport(transport).callerServiceName("B"));
        KitexClient toA = rpc.client(serverA, TEST_SERVICE, x -> x.transport(transport));

        Metainfo root = Metainfo.EMPTY
            .withTransient("t-root", "root transient")
            .withPersistent("p-root", "root persistent")
            .withBackwardValues();
        String reply;
        try (Metainfo.Scope ignored = root.makeCurrent()) {
            reply = toA.callBlocking(ECHO, "chain");
        }

        assertThat(reply).isEqualTo("A>B>C");
        Metainfo atA = a.seen.poll();
        Metainfo atB = b.seen.poll();
        Metainfo atC = c.seen.poll();
        assertThat(atA).isNotNull();
        assertThat(atB).isNotNull();
        assertThat(atC).isNotNull();

        if (!transport.isTTHeader()) {
            // Framed and Buffered have nowhere to carry metainfo.
            for (Metainfo seen : new Metainfo[] {atA, atB, atC}) {
                assertThat(seen.upstreamTransientValues()).isEmpty();
                assertThat(seen.persistentValues()).isEmpty();
            }
            assertThat(root.backwardValues()).isEmpty();
            return;
        }

        // Transient: the next hop only.
        assertThat(atA.upstreamTransientValues()).containsExactlyEntriesOf(Map.of("t-root", "root transient"));
        assertThat(atA.transientValue("t-root")).isEqualTo("root transient");
        assertThat(atB.upstreamTransientValues()).containsExactlyEntriesOf(Map.of("t-A", "A transient"));
        assertThat(atB.transientValue("t-root")).isNull();
        assertThat(atC.upstreamTransientValues()).containsExactlyEntriesOf(Map.of("t-B", "B transient"));
        assertThat(atC.transientValue("t-A")).isNull();
        // Persistent: every hop below the one that set it.
        assertThat(atA.persistentValues()).containsExactlyEntriesOf(Map.of("p-root", "root persistent"));
        assertThat(atB.persistentValues()).containsExactlyInAnyOrderEntriesOf(Map.of(
            "p-root", "root persistent", "p-A", "A persistent"));
        assertThat(atC.persistentValues()).containsExactlyInAnyOrderEntriesOf(Map.of(
            "p-root", "root persistent", "p-A", "A persistent", "p-B", "B persistent"));
        // Backward: from C to B to A to the caller.
        assertThat(root.backwardValues()).containsExactlyInAnyOrderEntriesOf(Map.of(
            "b-A", "A backward", "b-B", "B backward", "b-C", "C backward"));
        assertThat(root.backwardValue("b-C")).isEqualTo("C backward");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"TTHEADER", "TTHEADER_FRAMED"})
    void aServerReadsAndWritesKitexMetainfoKeys(Transport transport) throws Exception {
        BlockingQueue<Metainfo> seen = new LinkedBlockingQueue<>();
        KitexServer server = rpc.server(new TestServices.TestService() {
            @Override
            public CompletableFuture<String> echo(String msg) {
                seen.add(Metainfo.current());
                Metainfo.sendBackward("back", "from server");
                return CompletableFuture.completedFuture(msg);
            }
        });
        try (RawConnection raw = RawConnection.connect(server.port())) {
            TTHeader header = RawConnection.requestHeader(1, "TestService");
            header.stringInfo().put("RPC_TRANSIT_t", "transient");
            header.stringInfo().put("RPC_TRANSIT_UPSTREAM_u", "passed on");
            header.stringInfo().put("RPC_PERSIST_p", "persistent");
            raw.send(transport, header, "echo", MessageType.CALL, 1, "keys");
            RawConnection.Received reply = raw.read(Duration.ofSeconds(10));

            // Backward values go back under their own keys, with no prefix.
            assertThat(reply.stringKey("back")).isEqualTo("from server");
        }
        Metainfo atServer = seen.poll();
        assertThat(atServer).isNotNull();
        assertThat(atServer.transientValue("t")).isEqualTo("transient");
        assertThat(atServer.transientValue("u")).isEqualTo("passed on");
        assertThat(atServer.persistentValue("p")).isEqualTo("persistent");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"TTHEADER", "TTHEADER_FRAMED"})
    void aClientWritesKitexMetainfoKeys(Transport transport) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            KitexClient client = rpc.client(listener.getLocalPort(), TEST_SERVICE, b -> b.transport(transport));
            CompletableFuture<String> call;
            try (Metainfo.Scope ignored = Metainfo.EMPTY.withTransient("t", "transient")
                .withPersistent("p", "persistent").makeCurrent()) {
                call = client.call(ECHO, "keys");
            }
            try (RawConnection peer = RawConnection.accept(listener, Duration.ofSeconds(10))) {
                RawConnection.Received request = peer.read(Duration.ofSeconds(10));
                assertThat(request.stringKey("RPC_TRANSIT_t")).isEqualTo("transient");
                assertThat(request.stringKey("RPC_PERSIST_p")).isEqualTo("persistent");
                assertThat(request.stringKey("isn")).isEqualTo("TestService");
            }
            assertThat(call).failsWithin(Duration.ofSeconds(10));
        }
    }
}
