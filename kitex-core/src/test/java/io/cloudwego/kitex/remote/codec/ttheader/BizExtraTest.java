package io.cloudwego.kitex.remote.codec.ttheader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BizExtraTest {

    @Test
    void roundTripsKeysAndValuesThatNeedEscaping() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("plain", "v");
        extra.put("quote\"and\\slash", "line\nbreak\ttab\u0001");
        extra.put("unicode", "中文 😀");

        String json = BizExtra.toJson(extra);

        assertThat(json).startsWith("{\"plain\":\"v\",");
        assertThat(BizExtra.fromJson(json)).isEqualTo(extra);
    }

    @Test
    void encodesAnEmptyMapAsAnEmptyObject() {
        assertThat(BizExtra.toJson(Map.of())).isEqualTo("{}");
        assertThat(BizExtra.fromJson(" { } ")).isEmpty();
    }

    @Test
    void readsWhatGoWritesWithUnicodeEscapes() {
        assertThat(BizExtra.fromJson("{\"k\": \"\\u4e2d\", \"n\":\"1\"}")).containsEntry("k", "中").containsEntry("n", "1");
    }

    @Test
    void rejectsSomethingThatIsNotAnObjectOfStrings() {
        assertThatThrownBy(() -> BizExtra.fromJson("[1,2]"))
            .isInstanceOf(ProtocolException.class)
            .hasMessageContaining("expected '{'");
        assertThatThrownBy(() -> BizExtra.fromJson("{\"k\":1}")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> BizExtra.fromJson("{\"k\":\"unterminated")).isInstanceOf(ProtocolException.class);
    }
}
