package io.cloudwego.kitex.codegen.java;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.codegen.ThriftCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long generating and compiling a realistic IDL takes: 50 structs, 3 enums, 5 services of 8
 * methods. Prints the figures; asserts only that it worked.
 */
class LargeIdlTimingTest {
    static final int STRUCTS = 50;
    static final int SERVICES = 5;
    static final int METHODS = 8;

    /** The IDL: struct i has nine fields of assorted types, referring to structs before it. */
    static String largeIdl() {
        StringBuilder idl = new StringBuilder("namespace java bench.large\n\n");
        for (int e = 0; e < 3; e++) {
            idl.append("enum Kind").append(e).append(" {\n");
            for (int v = 0; v < 6; v++) {
                idl.append("  K").append(e).append('_').append(v).append(" = ").append(v * 3).append('\n');
            }
            idl.append("}\n\n");
        }
        for (int i = 0; i < STRUCTS; i++) {
            idl.append("/** Entity number ").append(i).append(". */\n");
            idl.append(i % 10 == 9 ? "exception" : "struct").append(" Entity").append(i).append(" {\n");
            idl.append("  1: required i64 id\n");
            idl.append("  2: optional string name\n");
            idl.append("  3: list<string> tags\n");
            idl.append("  4: map<string, i32> counters\n");
            idl.append("  5: Kind").append(i % 3).append(" kind = Kind").append(i % 3).append(".K").append(i % 3)
                .append("_1\n");
            idl.append("  6: double score = 1.5\n");
            idl.append("  7: optional binary payload\n");
            if (i > 0 && (i - 1) % 10 != 9) {
                idl.append("  8: optional Entity").append(i - 1).append(" previous\n");
                idl.append("  9: list<map<string, Entity").append(i - 1).append(">> history\n");
            }
            idl.append("}\n\n");
        }
        for (int s = 0; s < SERVICES; s++) {
            idl.append("service Service").append(s).append(s > 0 ? " extends Service" + (s - 1) : "").append(" {\n");
            for (int m = 0; m < METHODS; m++) {
                int entity = (s * METHODS + m) % STRUCTS;
                String type = (entity % 10 == 9 ? "Entity" + (entity - 1) : "Entity" + entity);
                idl.append("  ").append(type).append(" call").append(s).append('_').append(m).append("(1: i64 id, 2: ")
                    .append(type).append(" body, 3: list<string> options) throws (1: Entity9 error)\n");
            }
            idl.append("  oneway void notify").append(s).append("(1: string event)\n");
            idl.append("}\n\n");
        }
        return idl.toString();
    }

    @Test
    void generateAndCompileFiftyStructsAndFiveServices(@TempDir Path dir) throws IOException {
        Path idl = dir.resolve("large.thrift");
        Files.writeString(idl, largeIdl());
        long start = System.nanoTime();
        Map<String, String> sources = ThriftCompiler.builder().input(idl).build().generate();
        long generated = System.nanoTime();
        JavaCompilation.compile(sources, dir.resolve("build"));
        long compiled = System.nanoTime();
        long lines = sources.values().stream().mapToLong(s -> s.lines().count()).sum();
        System.out.printf("kitex-codegen timing: %d structs, %d services -> %d files, %d lines: generate %d ms,"
                + " javac -Xlint:all -Werror %d ms, total %d ms%n", STRUCTS, SERVICES, sources.size(), lines,
            (generated - start) / 1_000_000, (compiled - generated) / 1_000_000, (compiled - start) / 1_000_000);
        assertThat(sources).hasSize(STRUCTS + 3 + SERVICES * 3);
    }
}
