package io.cloudwego.kitex.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetainfoTest {

    @Test
    void writesTransientAndPersistentValuesWithTheirWirePrefixes() {
        Map<String, String> keys = new HashMap<>();
        Metainfo.EMPTY.withTransient("t", "1").withPersistent("p", "2").writeRequestKeys(keys);

        assertThat(keys).containsExactlyInAnyOrderEntriesOf(Map.of("RPC_TRANSIT_t", "1", "RPC_PERSIST_p", "2"));
    }

    @Test
    void aServerSeesTheCallersTransientValuesButDoesNotSendThemOn() {
        Metainfo received = Metainfo.ofRequest(Map.of(
            "RPC_TRANSIT_t", "1", "RPC_TRANSIT_UPSTREAM_u", "3", "RPC_PERSIST_p", "2", "isn", "EchoService"));

        assertThat(received.transientValue("t")).isEqualTo("1");
        assertThat(received.transientValue("u")).isEqualTo("3");
        assertThat(received.persistentValue("p")).isEqualTo("2");

        Map<String, String> onward = new HashMap<>();
        received.writeRequestKeys(onward);
        assertThat(onward).containsExactly(Map.entry("RPC_PERSIST_p", "2"));
    }

    @Test
    void aTransientValueSetOnThisHopShadowsTheCallersOne() {
        Metainfo received = Metainfo.ofRequest(Map.of("RPC_TRANSIT_t", "upstream"));

        assertThat(received.withTransient("t", "mine").transientValue("t")).isEqualTo("mine");
    }

    @Test
    void makeCurrentRestoresThePreviousMetainfo() {
        Metainfo outer = Metainfo.EMPTY.withPersistent("k", "outer");
        try (Metainfo.Scope ignored = outer.makeCurrent()) {
            try (Metainfo.Scope ignored2 = outer.withPersistent("k", "inner").makeCurrent()) {
                assertThat(Metainfo.current().persistentValue("k")).isEqualTo("inner");
            }
            assertThat(Metainfo.current()).isSameAs(outer);
        }
        assertThat(Metainfo.current()).isSameAs(Metainfo.EMPTY);
    }

    @Test
    void backwardValuesAreSentFromAHandlerAndCollectedByACaller() {
        Metainfo request = Metainfo.ofRequest(Map.of());
        try (Metainfo.Scope ignored = request.makeCurrent()) {
            Metainfo.sendBackward("served-by", "node-7");
        }
        assertThat(request.backwardToSend()).containsExactly(Map.entry("served-by", "node-7"));

        Metainfo caller = Metainfo.EMPTY.withBackwardValues();
        caller.receiveBackward(request.backwardToSend());
        assertThat(caller.backwardValue("served-by")).isEqualTo("node-7");
        assertThat(Metainfo.EMPTY.backwardValues()).isEmpty();
    }

    @Test
    void sendingBackwardOutsideAHandlerIsAnError() {
        assertThatThrownBy(() -> Metainfo.sendBackward("k", "v"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("while handling a request");
    }
}
