package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/** A constant value as written in the IDL: a literal, a reference, or a list or map of them. */
public sealed interface ConstValue {

    Position position();

    record IntLiteral(long value, Position position) implements ConstValue {
    }

    record DoubleLiteral(double value, Position position) implements ConstValue {
    }

    record StringLiteral(String value, Position position) implements ConstValue {
    }

    record BoolLiteral(boolean value, Position position) implements ConstValue {
    }

    /** A reference to a constant or an enum value: {@code NAME}, {@code Enum.VALUE}, {@code file.NAME}. */
    record Identifier(String name, Position position) implements ConstValue {
    }

    record ListLiteral(List<ConstValue> elements, Position position) implements ConstValue {
        public ListLiteral {
            elements = List.copyOf(elements);
        }
    }

    record MapLiteral(List<Entry> entries, Position position) implements ConstValue {
        public MapLiteral {
            entries = List.copyOf(entries);
        }
    }

    /** One {@code key: value} of a map literal. */
    record Entry(ConstValue key, ConstValue value) {
    }
}
