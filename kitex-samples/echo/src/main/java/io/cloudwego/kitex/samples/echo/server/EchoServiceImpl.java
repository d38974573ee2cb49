package io.cloudwego.kitex.samples.echo.server;

import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoResponse;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;

/** Answers every echo with the request's message. */
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
