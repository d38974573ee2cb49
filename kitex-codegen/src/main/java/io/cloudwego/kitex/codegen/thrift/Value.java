package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/** A constant or default value, checked against its type and with every reference replaced by what it names. */
public sealed interface Value {

    /** An integer of any width (also used for {@code bool} given as 0 or 1 is not; see {@link Bool}). */
    record Int(long value) implements Value {
    }

    record Real(double value) implements Value {
    }

    /** A string; for {@code binary} its UTF-8 bytes, for {@code uuid} its text. */
    record Str(String value) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record EnumConst(ResolvedEnum enumType, Definition.EnumValue value) implements Value {
    }

    record ListOf(List<Value> elements) implements Value {
        public ListOf {
            elements = List.copyOf(elements);
        }
    }

    record MapOf(List<Entry> entries) implements Value {
        public MapOf {
            entries = List.copyOf(entries);
        }
    }

    record Entry(Value key, Value value) {
    }

    /** A struct given as a map literal of field names to values; fields in the order written. */
    record StructOf(ResolvedStruct struct, List<FieldValue> fields) implements Value {
        public StructOf {
            fields = List.copyOf(fields);
        }
    }

    record FieldValue(ResolvedField field, Value value) {
    }
}
