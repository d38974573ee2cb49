package io.cloudwego.kitex.codegen.thrift;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad IDL, each with the exact message it must produce. {@code $} in a message stands for the temp dir. */
class BadIdlTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
            bad("unterminated string", "const string S = \"abc\n",
                "$/bad.thrift:1:18: unterminated string, expected closing \""),
            bad("unterminated single-quoted string", "const string S = 'abc",
                "$/bad.thrift:1:18: unterminated string, expected closing '"),
            bad("unterminated block comment", "struct A {}\n  /* never closed\n",
                "$/bad.thrift:2:3: unterminated block comment, expected '*/'"),
            bad("bad escape", "const string S = \"a\\qb\"",
                "$/bad.thrift:1:20: escape '\\q', expected one of \\n \\t \\r \\b \\f \\\\ \\\" \\' \\/ \\uXXXX"),
            bad("duplicate field id", "struct A {\n  1: i32 a\n  1: i32 b\n}",
                "$/bad.thrift:3:3: field id 1 of 'b' is already used by 'a'"),
            bad("duplicate field name", "struct A {\n  1: i32 a\n  2: string a\n}",
                "$/bad.thrift:3:3: duplicate field name 'a'"),
            bad("unknown type", "struct A {\n  1: Missing m\n}",
                "$/bad.thrift:2:6: unknown type 'Missing'"),
            bad("unknown qualified type", "struct A {\n  1: other.B b\n}",
                "$/bad.thrift:2:6: unknown type 'other.B'"),
            bad("include not found", "include \"nope.thrift\"\n",
                "$/bad.thrift:1:9: include \"nope.thrift\" not found, looked in $, $/inc"),
            bad("include cycle", "include \"cycle_b.thrift\"\n",
                "$/cycle_b.thrift:1:9: include cycle: bad.thrift -> cycle_b.thrift -> bad.thrift"),
            bad("string to i32", "const i32 N = \"ten\"",
                "$/bad.thrift:1:15: string \"ten\" cannot be assigned to i32"),
            bad("out-of-range i8", "const i8 N = 128",
                "$/bad.thrift:1:14: integer 128 is out of range for i8"),
            bad("out-of-range i16", "const i16 N = -32769",
                "$/bad.thrift:1:15: integer -32769 is out of range for i16"),
            bad("list to map", "const map<string, i32> M = [1, 2]",
                "$/bad.thrift:1:28: a list cannot be assigned to map<string,i32>"),
            bad("wrong default type", "struct A {\n  1: bool flag = \"yes\"\n}",
                "$/bad.thrift:2:18: string \"yes\" cannot be assigned to bool"),
            bad("unknown const reference", "const i32 A = B",
                "$/bad.thrift:1:15: unknown constant or enum value 'B'"),
            bad("unknown enum value", "enum Color { RED }\nconst Color C = Color.BLUE",
                "$/bad.thrift:2:17: enum 'Color' has no value 'BLUE'"),
            bad("int not in enum", "enum Color { RED = 1 }\nconst Color C = 7",
                "$/bad.thrift:2:17: integer 7 is not a value of enum 'Color'"),
            bad("self-referencing const", "const i32 A = A",
                "$/bad.thrift:1:15: constant 'A' refers to itself"),
            bad("duplicate definition", "struct A {}\nenum A { X }",
                "$/bad.thrift:2:1: 'A' is already defined at $/bad.thrift:1:1"),
            bad("duplicate enum value", "enum E {\n  A = 1\n  B = 1\n}",
                "$/bad.thrift:3:3: enum value 'B' = 1 duplicates 'A'"),
            bad("duplicate implicit enum value", "enum E {\n  A = 2\n  B = 1\n  C\n}",
                "$/bad.thrift:4:3: enum value 'C' = 2 duplicates 'A'"),
            bad("duplicate enum value name", "enum E {\n  A\n  A\n}",
                "$/bad.thrift:3:3: duplicate enum value name 'A'"),
            bad("duplicate method", "service S {\n  void a()\n  i32 a()\n}",
                "$/bad.thrift:3:3: duplicate method 'a'"),
            bad("method clashing with parent", "service P { void a() }\nservice S extends P {\n  void a()\n}",
                "$/bad.thrift:3:3: method 'a' is already defined by an extended service"),
            bad("extends unknown service", "service S extends Nope {}",
                "$/bad.thrift:1:19: unknown service 'Nope'"),
            bad("extends a struct", "struct T {}\nservice S extends T {}",
                "$/bad.thrift:2:19: 'T' is a struct, expected a service"),
            bad("throws a struct", "struct NotAnError {}\nservice S {\n  void a() throws (1: NotAnError e)\n}",
                "$/bad.thrift:3:23: 'NotAnError' is not an exception, expected an exception type in throws"),
            bad("oneway returning a value", "service S {\n  oneway i32 a()\n}",
                "$/bad.thrift:2:3: oneway method 'a' must return void"),
            bad("oneway with throws", "exception E {}\nservice S {\n  oneway void a() throws (1: E e)\n}",
                "$/bad.thrift:3:3: oneway method 'a' cannot throw exceptions"),
            bad("unknown streaming mode", "struct R {}\nservice S {\n  R a(1: R r) (streaming.mode = \"both\")\n}",
                "$/bad.thrift:3:16: streaming.mode \"both\" of method 'a', expected one of bidirectional, client, server, unary"),
            bad("oneway streaming method", "struct R {}\nservice S {\n  oneway void a(1: R r) (streaming.mode = \"client\")\n}",
                "$/bad.thrift:3:3: streaming method 'a' cannot be oneway"),
            bad("streaming method with two arguments",
                "struct R {}\nservice S {\n  R a(1: R r, 2: R s) (streaming.mode = \"server\")\n}",
                "$/bad.thrift:3:3: streaming method 'a' must take exactly one struct argument"),
            bad("streaming method with a string argument",
                "struct R {}\nservice S {\n  R a(1: string r) (streaming.mode = \"server\")\n}",
                "$/bad.thrift:3:3: streaming method 'a' must take exactly one struct argument"),
            bad("streaming method returning void", "struct R {}\nservice S {\n  void a(1: R r) (streaming.mode = \"unary\")\n}",
                "$/bad.thrift:3:3: streaming method 'a' must return a struct"),
            bad("streaming method with throws",
                "struct R {}\nexception E {}\nservice S {\n  R a(1: R r) throws (1: E e) (streaming.mode = \"unary\")\n}",
                "$/bad.thrift:4:3: streaming method 'a' cannot throw exceptions"),
            bad("missing field type", "struct A {\n  1: required }\n",
                "$/bad.thrift:2:15: '}', expected a field type"),
            bad("missing field name", "struct A {\n  1: i32 }\n",
                "$/bad.thrift:2:10: '}', expected a field name"),
            bad("stray token at top level", "struct A {}\n}\n",
                "$/bad.thrift:2:1: '}', expected a definition (const, typedef, enum, struct, union, exception or service)"),
            bad("stray identifier at top level", "hello",
                "$/bad.thrift:1:1: identifier 'hello', expected a definition (const, typedef, enum, struct, union, exception or service)"),
            bad("map key missing comma", "struct A {\n  1: map<string i32> m\n}",
                "$/bad.thrift:2:17: keyword 'i32', expected ','"),
            bad("field id 0", "struct A {\n  0: i32 a\n}",
                "$/bad.thrift:2:3: field id 0, expected an integer in 1..32767"),
            bad("field id too large", "struct A {\n  32768: i32 a\n}",
                "$/bad.thrift:2:3: field id 32768, expected an integer in 1..32767"),
            bad("negative field id", "struct A {\n  -3: i32 a\n}",
                "$/bad.thrift:2:3: field id -3, expected an integer in 1..32767"),
            bad("keyword as a name", "struct struct {}",
                "$/bad.thrift:1:8: keyword 'struct', expected a struct name"),
            bad("bad character", "struct A @ {}",
                "$/bad.thrift:1:10: character '@', expected a name, literal or punctuation"),
            bad("required union field", "union U {\n  1: required i32 a\n}",
                "$/bad.thrift:2:3: union field 'a' cannot be required"),
            bad("service used as a type", "service S {}\nstruct A { 1: S s }",
                "$/bad.thrift:2:15: 'S' is a service, expected a type"),
            bad("typedef cycle", "typedef B A\ntypedef A B",
                "$/bad.thrift:1:1: typedef 'A' refers to itself"),
            bad("unterminated struct", "struct A {\n  1: i32 a\n",
                "$/bad.thrift:3:1: end of file, expected a field type or '}'"),
            bad("include after garbage", "include nope.thrift",
                "$/bad.thrift:1:9: identifier 'nope.thrift', expected a quoted file path"),
            bad("bad uuid", "const uuid U = \"not-a-uuid\"",
                "$/bad.thrift:1:16: string \"not-a-uuid\" is not a UUID"),
            bad("struct constant without a required field", "struct P { 1: required i32 x 2: required i32 y }\nconst P p = {\"x\": 1}",
                "$/bad.thrift:2:13: a value of 'P' lacks required field 'y'"),
            bad("union constant with two fields", "union U { 1: i32 a 2: string b }\nconst U u = {\"a\": 1, \"b\": \"x\"}",
                "$/bad.thrift:2:13: a value of union 'U' sets 2 fields, expected exactly one"),
            bad("unknown field in struct constant", "struct P { 1: i32 x }\nconst P p = {\"z\": 1}",
                "$/bad.thrift:2:14: 'P' has no field 'z'"),
            bad("enum value of another enum", "enum A { X }\nenum B { Y }\nconst A a = B.Y",
                "$/bad.thrift:3:13: 'B.Y' cannot be assigned to A"),
            bad("integer too large", "const i64 N = 9223372036854775808",
                "$/bad.thrift:1:15: integer 9223372036854775808, expected an integer that fits in 64 bits"));
    }

    private static Arguments bad(String name, String idl, String message) {
        return Arguments.of(name, idl, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithExactMessage(String name, String idl, String message) throws IOException {
        Files.createDirectories(dir.resolve("inc"));
        Files.writeString(dir.resolve("cycle_b.thrift"), "include \"bad.thrift\"\n");
        Path bad = dir.resolve("bad.thrift");
        Files.writeString(bad, idl);
        assertThatThrownBy(() -> IdlLoader.load(List.of(bad), List.of(dir.resolve("inc"))))
            .isInstanceOf(ThriftIdlException.class)
            .hasMessage(message.replace("$", dir.toString()));
    }
}
