package test.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.server.HandlerExecution;
import io.cloudwego.kitex.server.KitexServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import test.all.AuditService;
import test.all.AuditServiceClient;
import test.all.Choice;
import test.all.Containers;
import test.all.Defaults;
import test.all.GetArgs;
import test.all.Invalid;
import test.all.ItemService;
import test.all.ItemServiceClient;
import test.all.Nested;
import test.all.NotFound;
import test.all.Primitives;
import test.base.BaseError;
import test.base.BaseInfo;
import test.common.Color;
import test.common.CommonError;

/** Serves and calls the services generated from all.thrift over kitex-core; run by GeneratedApiTest. */
public final class ServiceDriver implements Runnable {
    final CountDownLatch touched = new CountDownLatch(1);
    final List<String> audited = new ArrayList<>();

    final class Audit implements AuditService {
        @Override
        public String ping(String text) {
            return "pong " + text;
        }

        @Override
        public BaseInfo info() {
            throw BaseError.builder().code(7).message("no info").build();
        }

        @Override
        public Nested get(long id, String hint) {
            if (id < 0) {
                throw NotFound.builder().message("no item " + id).id(id).build();
            }
            if (id == 0) {
                throw Invalid.builder().reason("zero").fields(List.of("id")).build();
            }
            return Nested.builder().name("item " + id + (hint == null ? "" : " " + hint)).build();
        }

        @Override
        public void put(Nested item) {
            if (item.name().isEmpty()) {
                throw Invalid.builder().reason("empty name").build();
            }
        }

        @Override
        public void touch(long id) {
            touched.countDown();
        }

        @Override
        public List<Nested> listItems(List<Long> ids, Map<String, Map<String, List<Set<Integer>>>> filters) {
            List<Nested> items = new ArrayList<>();
            for (long id : ids) {
                items.add(Nested.builder().name(id + ":" + filters.keySet()).build());
            }
            return items;
        }

        @Override
        public Choice choose(Choice choice) {
            return choice;
        }

        @Override
        public Color color(Color in) {
            return in == Color.RED ? Color.BLACK : in;
        }

        @Override
        public int count() {
            return 42;
        }

        @Override
        public Primitives echoAll(Primitives p, Containers c, Defaults d) {
            return p.toBuilder().rs(p.rs() + "|" + c.ints() + "|" + d.label()).build();
        }

        @Override
        public void hashCode_(int equals_) {
        }

        @Override
        public ByteBuffer blob(ByteBuffer data) {
            if (!data.hasRemaining()) {
                throw CommonError.builder().message("empty").color(Color.BLUE).build();
            }
            byte[] reversed = new byte[data.remaining()];
            for (int i = 0; i < reversed.length; i++) {
                reversed[i] = data.get(data.limit() - 1 - i);
            }
            return ByteBuffer.wrap(reversed);
        }

        @Override
        public GetArgs getArgs(GetArgs args, int out) {
            return GetArgs.builder().x(args.x() + out).build();
        }

        @Override
        public void audit(String who) {
            synchronized (audited) {
                audited.add(who);
            }
        }
    }

    /** A non-blocking implementation of ItemService, served through ItemService.Async.DESCRIPTOR. */
    static final class AsyncItems implements ItemService.Async {
        @Override
        public CompletableFuture<String> ping(String text) {
            return CompletableFuture.completedFuture("async " + text);
        }

        @Override
        public CompletableFuture<BaseInfo> info() {
            return CompletableFuture.completedFuture(BaseInfo.builder().caller("async").at(5L).build());
        }

        @Override
        public CompletableFuture<Nested> get(long id, String hint) {
            return CompletableFuture.failedFuture(NotFound.builder().message("async " + id).build());
        }

        @Override
        public CompletableFuture<Void> put(Nested item) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> touch(long id) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<List<Nested>> listItems(List<Long> ids,
                                                         Map<String, Map<String, List<Set<Integer>>>> filters) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletableFuture<Choice> choose(Choice choice) {
            return CompletableFuture.supplyAsync(() -> Choice.text("async"));
        }

        @Override
        public CompletableFuture<Color> color(Color in) {
            return CompletableFuture.completedFuture(in);
        }

        @Override
        public CompletableFuture<Integer> count() {
            return CompletableFuture.completedFuture(-1);
        }

        @Override
        public CompletableFuture<Primitives> echoAll(Primitives p, Containers c, Defaults d) {
            return CompletableFuture.completedFuture(p);
        }

        @Override
        public CompletableFuture<Void> hashCode_(int equals_) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<ByteBuffer> blob(ByteBuffer data) {
            return CompletableFuture.completedFuture(data);
        }

        @Override
        public CompletableFuture<GetArgs> getArgs(GetArgs args, int out) {
            return CompletableFuture.completedFuture(args);
        }
    }

    @Override
    public void run() {
        try (KitexServer server = KitexServer.builder().host("127.0.0.1").port(0)
                .service(AuditService.DESCRIPTOR, new Audit())
                .service(ItemService.Async.DESCRIPTOR, new AsyncItems(), HandlerExecution.EVENT_LOOP)
                .build().start();
             AuditServiceClient audit = new AuditServiceClient(AuditServiceClient.builder("audit")
                .addresses("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(10)).build());
             ItemServiceClient items = new ItemServiceClient(ItemServiceClient.builder("items")
                .addresses("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(10)).build())) {
            blocking(audit);
            async(audit);
            asyncServer(items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void blocking(AuditServiceClient audit) throws InterruptedException {
        assertThat(audit.ping("x")).isEqualTo("pong x");
        assertThatThrownBy(audit::info).isInstanceOfSatisfying(BaseError.class, e -> {
            assertThat(e.code()).isEqualTo(7);
            assertThat(e.message()).isEqualTo("no info");
        });
        assertThat(audit.get(3, null).name()).isEqualTo("item 3");
        assertThat(audit.get(3, "hint").name()).isEqualTo("item 3 hint");
        assertThatThrownBy(() -> audit.get(-1, null)).isEqualTo(NotFound.builder().message("no item -1").id(-1).build());
        assertThatThrownBy(() -> audit.get(0, null)).isInstanceOf(Invalid.class);
        audit.put(Nested.builder().name("ok").build());
        assertThatThrownBy(() -> audit.put(Nested.builder().name("").build())).isInstanceOf(Invalid.class);
        audit.touch(1);
        assertThat(touched.await(10, TimeUnit.SECONDS)).isTrue();
        Map<String, Map<String, List<Set<Integer>>>> filters = new LinkedHashMap<>();
        filters.put("f", Map.of("g", List.of(Set.of(1))));
        assertThat(audit.listItems(List.of(1L, 2L), filters)).extracting(Nested::name).containsExactly("1:[f]", "2:[f]");
        // A list without random access is written through its iterator.
        assertThat(audit.listItems(new java.util.LinkedList<>(List.of(3L, 4L)), filters)).extracting(Nested::name)
            .containsExactly("3:[f]", "4:[f]");
        assertThat(audit.choose(Choice.words(List.of("w")))).isEqualTo(Choice.words(List.of("w")));
        assertThat(audit.color(Color.RED)).isEqualTo(Color.BLACK);
        assertThat(audit.count()).isEqualTo(42);
        Primitives p = Primitives.builder().rb(true).ri(1).rs("r").build();
        assertThat(audit.echoAll(p, Containers.builder().ints(List.of(1)).build(), Defaults.builder().build()).rs())
            .isEqualTo("r|[1]|none");
        audit.hashCode_(5);
        assertThat(audit.blob(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8))))
            .isEqualTo(ByteBuffer.wrap("cba".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> audit.blob(ByteBuffer.allocate(0))).isInstanceOfSatisfying(CommonError.class,
            e -> assertThat(e.color()).isEqualTo(Color.BLUE));
        assertThat(audit.getArgs(GetArgs.builder().x(1).build(), 2).x()).isEqualTo(3);
        audit.audit("me");
        assertThat(audited).containsExactly("me");
    }

    void async(AuditServiceClient audit) {
        assertThat(audit.async().ping("y").join()).isEqualTo("pong y");
        assertThat(audit.async().count().join()).isEqualTo(42);
        assertThat(audit.async().get(-2, null)).failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .withCauseInstanceOf(NotFound.class);
    }

    void asyncServer(ItemServiceClient items) {
        assertThat(items.ping("z")).isEqualTo("async z");
        assertThat(items.info().at()).isEqualTo(5L);
        assertThatThrownBy(() -> items.get(1, null)).isInstanceOf(NotFound.class).hasMessage("async 1");
        assertThat(items.choose(Choice.number(1))).isEqualTo(Choice.text("async"));
        assertThat(items.count()).isEqualTo(-1);
    }
}
