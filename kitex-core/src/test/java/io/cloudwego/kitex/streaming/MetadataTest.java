package io.cloudwego.kitex.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    void keepsValuesInOrderUnderLowerCaseNames() {
        Metadata metadata = new Metadata().put("X-Trace", "a").put("x-trace", "b").put("other", "c");
        assertThat(metadata.get("x-trace")).isEqualTo("b");
        assertThat(metadata.getAll("X-TRACE")).containsExactly("a", "b");
        assertThat(metadata.keys()).containsExactly("x-trace", "other");
        assertThat(metadata.size()).isEqualTo(3);
        assertThat(metadata.get("missing")).isNull();
        assertThat(metadata.getAll("missing")).isEmpty();
    }

    @Test
    void binaryValuesLiveUnderBinNames() {
        byte[] value = {0, (byte) 0xFF, 10};
        Metadata metadata = new Metadata().putBinary("blob-bin", value);
        value[0] = 42;
        assertThat(metadata.getBinary("blob-bin")).containsExactly(0, 0xFF, 10);
        assertThat(metadata.getAllBinary("blob-bin")).hasSize(1);
    }

    @Test
    void refusesBinMisuseInvalidAndReservedNames() {
        Metadata metadata = new Metadata();
        assertThatThrownBy(() -> metadata.put("x-bin", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.putBinary("x", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.get("x-bin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put("bad name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put(":path", "/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put("grpc-status", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put("content-type", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put("te", "trailers")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put("x", "caf\u00e9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metadata.put("x", "line\n")).isInstanceOf(IllegalArgumentException.class);
        assertThat(metadata.isEmpty()).isTrue();
    }

    @Test
    void removesAndMerges() {
        Metadata metadata = new Metadata().put("a", "1").put("b", "2").put("a", "3");
        assertThat(metadata.removeAll("a")).isTrue();
        assertThat(metadata.removeAll("a")).isFalse();
        metadata.merge(new Metadata().put("c", "4").putBinary("d-bin", new byte[] {1}));
        assertThat(metadata.keys()).containsExactly("b", "c", "d-bin");
        assertThat(metadata.containsKey("d-bin")).isTrue();
    }
}
