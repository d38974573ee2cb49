package io.cloudwego.kitex.codegen;

import java.nio.file.Path;

/** IDL files of the repository that tests share (tests run in kitex-codegen). */
public final class TestIdl {
    /** The shared echo IDL, as kitex-samples/scaffold creates its project from. */
    public static final Path ECHO = Path.of("../kitex-samples/scaffold/src/it/echo.thrift").toAbsolutePath().normalize();

    private TestIdl() {
    }
}
