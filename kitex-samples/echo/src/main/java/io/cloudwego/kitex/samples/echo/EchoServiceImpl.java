package io.cloudwego.kitex.samples.echo;

/** Answers every echo with the request's message. */
public final class EchoServiceImpl implements EchoService {
    @Override
    public EchoResponse echo(EchoRequest req) {
        return EchoResponse.builder().message(req.message()).build();
    }

    @Override
    public void fire(EchoRequest req) {
    }
}
