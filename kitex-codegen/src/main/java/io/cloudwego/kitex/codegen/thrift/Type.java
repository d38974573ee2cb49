package io.cloudwego.kitex.codegen.thrift;

/** A resolved type: typedefs are followed to the type they name, and names to their definitions. */
public sealed interface Type {

    record Base(BaseType kind) implements Type {
        @Override
        public String toString() {
            return kind.idlName();
        }
    }

    record ListOf(Type element) implements Type {
        @Override
        public String toString() {
            return "list<" + element + ">";
        }
    }

    record SetOf(Type element) implements Type {
        @Override
        public String toString() {
            return "set<" + element + ">";
        }
    }

    record MapOf(Type key, Type value) implements Type {
        @Override
        public String toString() {
            return "map<" + key + "," + value + ">";
        }
    }

    /** A struct, union or exception. */
    record StructRef(ResolvedStruct struct) implements Type {
        @Override
        public String toString() {
            return struct.name();
        }
    }

    record EnumRef(ResolvedEnum enumType) implements Type {
        @Override
        public String toString() {
            return enumType.name();
        }
    }
}
