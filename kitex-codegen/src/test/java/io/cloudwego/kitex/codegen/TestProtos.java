package io.cloudwego.kitex.codegen;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The descriptor set protoc wrote for src/test/proto in this build (protobuf-maven-plugin, generate-test). */
public final class TestProtos {
    /** target/test-proto/descriptor-set.binpb, with imports and source info. */
    public static final Path DESCRIPTOR_SET = testClasses().resolveSibling("test-proto").resolve("descriptor-set.binpb");

    private TestProtos() {
    }

    private static Path testClasses() {
        try {
            return Path.of(TestProtos.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
