package io.cloudwego.kitex.remote.codec.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcTimeoutTest {

    @Test
    void encodesInTheFinestUnitThatFitsEightDigits() {
        assertThat(GrpcTimeout.encode(Duration.ofNanos(1))).isEqualTo("1n");
        assertThat(GrpcTimeout.encode(Duration.ofNanos(99_999_999))).isEqualTo("99999999n");
        assertThat(GrpcTimeout.encode(Duration.ofNanos(100_000_000))).isEqualTo("100000u");
        assertThat(GrpcTimeout.encode(Duration.ofSeconds(1))).isEqualTo("1000000u");
        assertThat(GrpcTimeout.encode(Duration.ofSeconds(100))).isEqualTo("100000m");
        assertThat(GrpcTimeout.encode(Duration.ofDays(2))).isEqualTo("172800S");
        assertThat(GrpcTimeout.encode(Duration.ofHours(100_000_000))).isEqualTo("99999999H");
    }

    @Test
    void roundsUpSoThePeerNeverGetsLess() {
        assertThat(GrpcTimeout.encode(Duration.ofNanos(100_000_001))).isEqualTo("100001u");
        Duration odd = Duration.ofSeconds(123_456, 789);
        assertThat(GrpcTimeout.decode(GrpcTimeout.encode(odd))).isGreaterThanOrEqualTo(odd);
    }

    @Test
    void nonPositiveTimeoutsEncodeAsZero() {
        assertThat(GrpcTimeout.encode(Duration.ZERO)).isEqualTo("0n");
        assertThat(GrpcTimeout.encode(Duration.ofSeconds(-3))).isEqualTo("0n");
    }

    @Test
    void decodesEveryUnit() {
        assertThat(GrpcTimeout.decode("5n")).isEqualTo(Duration.ofNanos(5));
        assertThat(GrpcTimeout.decode("5u")).isEqualTo(Duration.ofNanos(5_000));
        assertThat(GrpcTimeout.decode("5m")).isEqualTo(Duration.ofMillis(5));
        assertThat(GrpcTimeout.decode("5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(GrpcTimeout.decode("5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(GrpcTimeout.decode("99999999H")).isEqualTo(Duration.ofHours(99_999_999));
    }

    @Test
    void rejectsMalformedValues() {
        for (String bad : new String[] {"", "S", "123456789S", "1x", "-1S", "1.5S", " 1S", "10"}) {
            assertThatThrownBy(() -> GrpcTimeout.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
