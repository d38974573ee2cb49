package io.cloudwego.kitex.remote.codec.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GrpcStatusTest {

    @Test
    void codesHaveTheirWireNumbers() {
        for (GrpcStatus.Code code : GrpcStatus.Code.values()) {
            assertThat(GrpcStatus.Code.of(code.value())).isSameAs(code);
        }
        assertThat(GrpcStatus.Code.DEADLINE_EXCEEDED.value()).isEqualTo(4);
        assertThat(GrpcStatus.Code.UNAUTHENTICATED.value()).isEqualTo(16);
        assertThat(GrpcStatus.Code.of(17)).isSameAs(GrpcStatus.Code.UNKNOWN);
        assertThat(GrpcStatus.Code.of(-1)).isSameAs(GrpcStatus.Code.UNKNOWN);
    }

    @Test
    void printableAsciiIsSentAsIs() {
        assertThat(GrpcStatus.encodeMessage("plain message ~!")).isEqualTo("plain message ~!");
    }

    @Test
    void percentAndNonPrintableBytesAreEscaped() {
        assertThat(GrpcStatus.encodeMessage("50% off\n")).isEqualTo("50%25 off%0A");
        assertThat(GrpcStatus.encodeMessage("☺")).isEqualTo("%E2%98%BA");
        assertThat(GrpcStatus.encodeMessage("😈")).isEqualTo("%F0%9F%98%88");
    }

    @Test
    void interopSpecialMessageRoundTrips() {
        String special = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
        String encoded = GrpcStatus.encodeMessage(special);
        assertThat(encoded).matches("[\\x20-\\x7E]*");
        assertThat(GrpcStatus.decodeMessage(encoded)).isEqualTo(special);
    }

    @Test
    void decodingToleratesBadEscapes() {
        assertThat(GrpcStatus.decodeMessage("100%")).isEqualTo("100%");
        assertThat(GrpcStatus.decodeMessage("%G1 and %4")).isEqualTo("%G1 and %4");
        assertThat(GrpcStatus.decodeMessage("a%20b")).isEqualTo("a b");
        assertThat(GrpcStatus.decodeMessage("%FF")).isEqualTo("\uFFFD");
    }

    @Test
    void httpStatusesMapAsTheGrpcSpecSays() {
        assertThat(GrpcStatus.fromHttpStatus(400)).isEqualTo(GrpcStatus.Code.INTERNAL);
        assertThat(GrpcStatus.fromHttpStatus(401)).isEqualTo(GrpcStatus.Code.UNAUTHENTICATED);
        assertThat(GrpcStatus.fromHttpStatus(403)).isEqualTo(GrpcStatus.Code.PERMISSION_DENIED);
        assertThat(GrpcStatus.fromHttpStatus(404)).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
        assertThat(GrpcStatus.fromHttpStatus(429)).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
        assertThat(GrpcStatus.fromHttpStatus(502)).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
        assertThat(GrpcStatus.fromHttpStatus(503)).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
        assertThat(GrpcStatus.fromHttpStatus(504)).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
        assertThat(GrpcStatus.fromHttpStatus(500)).isEqualTo(GrpcStatus.Code.UNKNOWN);
        assertThat(GrpcStatus.fromHttpStatus(415)).isEqualTo(GrpcStatus.Code.UNKNOWN);
    }
}
