package io.cloudwego.kitex.remote.codec.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.streaming.Metadata;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcHeadersTest {

    @Test
    void recognisesGrpcContentTypes() {
        assertThat(GrpcHeaders.isGrpcContentType("application/grpc")).isTrue();
        assertThat(GrpcHeaders.isGrpcContentType("application/grpc+proto")).isTrue();
        assertThat(GrpcHeaders.isGrpcContentType("application/grpc+thrift")).isTrue();
        assertThat(GrpcHeaders.isGrpcContentType("Application/GRPC;charset=utf-8")).isTrue();
        assertThat(GrpcHeaders.isGrpcContentType("application/grpcx")).isFalse();
        assertThat(GrpcHeaders.isGrpcContentType("application/json")).isFalse();
        assertThat(GrpcHeaders.isGrpcContentType(null)).isFalse();
    }

    @Test
    void theContentSubtypeNamesThePayloadCodec() {
        assertThat(GrpcHeaders.payloadCodecOf("application/grpc")).isEqualTo(PayloadCodec.PROTOBUF);
        assertThat(GrpcHeaders.payloadCodecOf("application/grpc+proto")).isEqualTo(PayloadCodec.PROTOBUF);
        assertThat(GrpcHeaders.payloadCodecOf("application/grpc+protobuf")).isEqualTo(PayloadCodec.PROTOBUF);
        assertThat(GrpcHeaders.payloadCodecOf("application/grpc;charset=utf-8")).isEqualTo(PayloadCodec.PROTOBUF);
        assertThat(GrpcHeaders.payloadCodecOf("application/grpc+thrift")).isEqualTo(PayloadCodec.THRIFT);
        assertThat(GrpcHeaders.payloadCodecOf("Application/GRPC+Thrift; x=y")).isEqualTo(PayloadCodec.THRIFT);
        assertThat(GrpcHeaders.payloadCodecOf("application/grpc+json")).isNull();
        assertThat(GrpcHeaders.payloadCodecOf("application/json")).isNull();
        assertThat(GrpcHeaders.payloadCodecOf(null)).isNull();
        assertThat(GrpcHeaders.contentType(PayloadCodec.THRIFT).toString()).isEqualTo("application/grpc+thrift");
        assertThat(GrpcHeaders.contentType(PayloadCodec.PROTOBUF).toString()).isEqualTo("application/grpc");
    }

    @Test
    void metadataRoundTripsWithoutProtocolHeaders() {
        Metadata sent = new Metadata().put("x-user", "alice").put("x-user", "bob")
            .putBinary("trace-bin", new byte[] {0, 1, 2, (byte) 0xFE});
        Http2Headers headers = new DefaultHttp2Headers().path("/a.B/C").method("POST")
            .add(GrpcHeaders.CONTENT_TYPE, GrpcHeaders.CONTENT_TYPE_GRPC).add(GrpcHeaders.TE, GrpcHeaders.TE_TRAILERS)
            .add(GrpcHeaders.TIMEOUT, "1S").add("user-agent", "test");
        GrpcHeaders.writeMetadata(sent, headers);
        assertThat(headers.get("trace-bin").toString()).isEqualTo("AAEC/g");

        Metadata received = GrpcHeaders.readMetadata(headers);
        assertThat(received.keys()).containsExactly("x-user", "trace-bin");
        assertThat(received.getAll("x-user")).containsExactly("alice", "bob");
        assertThat(received.getBinary("trace-bin")).containsExactly(0, 1, 2, 0xFE);
    }

    @Test
    void binaryValuesAcceptPaddingAndCommaSeparatedLists() {
        Http2Headers headers = new DefaultHttp2Headers().add("k-bin", "AAEC/g==,AQ");
        List<byte[]> values = GrpcHeaders.readMetadata(headers).getAllBinary("k-bin");
        assertThat(values).hasSize(2);
        assertThat(values.get(0)).containsExactly(0, 1, 2, 0xFE);
        assertThat(values.get(1)).containsExactly(1);
    }

    @Test
    void metainfoTravelsAsRpcTransitAndRpcPersistHeaders() {
        Metainfo sent = Metainfo.EMPTY.withTransient("TRACE_ID", "t1").withPersistent("TENANT_NAME", "acme");
        Http2Headers headers = new DefaultHttp2Headers();
        GrpcHeaders.writeMetainfo(sent, headers);
        assertThat(headers.get("rpc-transit-trace-id").toString()).isEqualTo("t1");
        assertThat(headers.get("rpc-persist-tenant-name").toString()).isEqualTo("acme");

        Metainfo received = GrpcHeaders.readMetainfo(headers);
        assertThat(received.transientValue("TRACE_ID")).isEqualTo("t1");
        assertThat(received.upstreamTransientValues()).containsEntry("TRACE_ID", "t1");
        assertThat(received.persistentValue("TENANT_NAME")).isEqualTo("acme");
    }

    @Test
    void picksAnAcceptedCompressor() {
        assertThat(GrpcHeaders.acceptedCompressor("identity, gzip", List.of(Compressor.GZIP))).isSameAs(Compressor.GZIP);
        assertThat(GrpcHeaders.acceptedCompressor("deflate", List.of(Compressor.GZIP))).isNull();
        assertThat(GrpcHeaders.acceptedCompressor(null, List.of(Compressor.GZIP))).isNull();
    }
}
