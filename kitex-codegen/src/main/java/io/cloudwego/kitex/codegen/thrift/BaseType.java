package io.cloudwego.kitex.codegen.thrift;

/** Thrift's base types. */
public enum BaseType {
    BOOL("bool"),
    I8("i8"),
    I16("i16"),
    I32("i32"),
    I64("i64"),
    DOUBLE("double"),
    STRING("string"),
    BINARY("binary"),
    UUID("uuid");

    private final String idlName;

    BaseType(String idlName) {
        this.idlName = idlName;
    }

    /** The IDL spelling ({@code byte} is read as {@link #I8}). */
    public String idlName() {
        return idlName;
    }

    /** The base type spelled {@code name}, or {@code null}. */
    public static BaseType forName(String name) {
        if (name.equals("byte")) {
            return I8;
        }
        for (BaseType type : values()) {
            if (type.idlName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
