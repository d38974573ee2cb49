package io.cloudwego.kitex.samples.interop.server;

import io.cloudwego.kitex.samples.interop.echo.EchoRequest;
import io.cloudwego.kitex.samples.interop.echo.EchoResponse;
import io.cloudwego.kitex.samples.interop.echo.EchoService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;

/** The Thrift service beside TestService on the same port: answers every echo with the request's message. */
@KitexService
public final class EchoServiceImpl implements EchoService {
    @Override
    public EchoResponse echo(EchoRequest req) {
        return EchoResponse.builder().message(req.message()).build();
    }

    @Override
    public void fire(EchoRequest req) {
    }
}
