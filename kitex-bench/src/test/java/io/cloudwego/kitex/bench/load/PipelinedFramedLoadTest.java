package io.cloudwego.kitex.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;

/** The neutral client's pre-encoded call is the call libthrift encodes. */
class PipelinedFramedLoadTest {

    @Test
    void preEncodedCallIsLibthriftsFramedEchoCall() throws Exception {
        String message = Payloads.ascii(300);
        TMemoryBuffer buffer = new TMemoryBuffer(1024);
        TProtocol out = new TBinaryProtocol(buffer);
        out.writeMessageBegin(new TMessage("echo", TMessageType.CALL, 0));
        out.writeStructBegin(new TStruct("echo_args"));
        out.writeFieldBegin(new TField("req", TType.STRUCT, (short) 1));
        out.writeStructBegin(new TStruct("EchoRequest"));
        out.writeFieldBegin(new TField("message", TType.STRING, (short) 1));
        out.writeString(message);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeMessageEnd();
        byte[] libthrift = Arrays.copyOf(buffer.getArray(), buffer.length());

        ByteBuf call = PipelinedFramedLoad.encodeCall(message);
        try {
            assertThat(call.getInt(0)).isEqualTo(libthrift.length);
            assertThat(ByteBufUtil.getBytes(call, 4, call.readableBytes() - 4)).isEqualTo(libthrift);
        } finally {
            call.release();
        }
    }
}
