package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.spring.boot.autoconfigure.KitexAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerMiddleware;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Trace context travels from a client to the server in the call's transient metainfo, with a real
 * tracer (OpenTelemetry through Micrometer Tracing, W3C propagation) on 127.0.0.1.
 */
class KitexTracePropagationTest {
    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final Queue<String> receivedTraceparents = new ConcurrentLinkedQueue<>();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            spans.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }).build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class,
            KitexMicrometerAutoConfiguration.class))
        .withUserConfiguration(GreeterServiceConfiguration.class)
        .withBean(ObservationRegistry.class, this::tracingRegistry)
        .withBean(KitexServerMiddleware.class, () -> next -> (info, request) -> {
            String traceparent = info.metainfo().transientValue("traceparent");
            receivedTraceparents.add(traceparent == null ? "none" : traceparent);
            return next.call(info, request);
        })
        .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0",
            "kitex.client.services.greeter.addresses=127.0.0.1:${local.kitex.server.port}");

    @AfterEach
    void closeTracer() {
        tracerProvider.close();
    }

    @Test
    void theServerSpanContinuesTheTraceOfTheClientSpanWhichContinuesTheCallersTrace() {
        runner.run(context -> {
            GreeterService greeter = context.getBean(KitexClients.class).get("greeter", GreeterService.class);
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Observation.createNotStarted("caller", registry).observe(() -> greeter.greet("traced"));

            SpanData caller = span(SpanKind.INTERNAL);
            SpanData client = span(SpanKind.CLIENT);
            SpanData server = span(SpanKind.SERVER);
            assertThat(client.getName()).isEqualTo("Greeter/greet");
            assertThat(server.getName()).isEqualTo("Greeter/greet");
            assertThat(client.getTraceId()).isEqualTo(caller.getTraceId());
            assertThat(server.getTraceId()).isEqualTo(caller.getTraceId());
            assertThat(client.getParentSpanId()).isEqualTo(caller.getSpanId());
            assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
            // on the wire: RPC_TRANSIT_traceparent, the key Kitex's OpenTelemetry extension uses
            assertThat(receivedTraceparents).containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-"
                + client.getSpanContext().getTraceFlags().asHex());
        });
    }

    @Test
    void overFramedThriftThereIsNoMetainfoSoTheServerStartsItsOwnTrace() {
        runner.withPropertyValues("kitex.client.services.greeter.transport=framed").run(context -> {
            context.getBean(KitexClients.class).get("greeter", GreeterService.class).greet("framed");

            assertThat(receivedTraceparents).containsExactly("none");
            assertThat(span(SpanKind.SERVER).getTraceId()).isNotEqualTo(span(SpanKind.CLIENT).getTraceId());
        });
    }

    private SpanData span(SpanKind kind) {
        List<SpanData> ofKind = spans.stream().filter(span -> span.getKind() == kind).toList();
        assertThat(ofKind).as("%s spans of %s", kind, spans).hasSize(1);
        return ofKind.get(0);
    }

    private ObservationRegistry tracingRegistry() {
        io.opentelemetry.api.trace.Tracer otel = tracerProvider.get("kitex-test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
        OtelPropagator propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
            otel);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
            new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
            new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
            new DefaultTracingObservationHandler(tracer)));
        return registry;
    }
}
