package io.cloudwego.kitex.codegen.thrift;

/** Whether a field must be present: {@code required}, {@code optional}, or neither (default). */
public enum Requiredness {
    REQUIRED,
    OPTIONAL,
    DEFAULT
}
