package io.cloudwego.kitex.codegen.thrift;

/** A type as written in the IDL, before names are resolved. */
public sealed interface TypeRef {

    Position position();

    Annotations annotations();

    /** A base type: {@code bool}, {@code byte}/{@code i8}, {@code i16}, {@code i32}, {@code i64}, {@code double}, {@code string}, {@code binary}, {@code uuid}. */
    record Base(BaseType type, Position position, Annotations annotations) implements TypeRef {
        @Override
        public String toString() {
            return type.idlName();
        }
    }

    record ListOf(TypeRef element, Position position, Annotations annotations) implements TypeRef {
        @Override
        public String toString() {
            return "list<" + element + ">";
        }
    }

    record SetOf(TypeRef element, Position position, Annotations annotations) implements TypeRef {
        @Override
        public String toString() {
            return "set<" + element + ">";
        }
    }

    record MapOf(TypeRef key, TypeRef value, Position position, Annotations annotations) implements TypeRef {
        @Override
        public String toString() {
            return "map<" + key + "," + value + ">";
        }
    }

    /** A struct, union, exception, enum or typedef, by name, possibly qualified by an include: {@code other.Name}. */
    record Named(String name, Position position, Annotations annotations) implements TypeRef {
        @Override
        public String toString() {
            return name;
        }
    }
}
