package io.cloudwego.kitex.codegen.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.codegen.thrift.ConstValue.Identifier;
import io.cloudwego.kitex.codegen.thrift.ConstValue.IntLiteral;
import io.cloudwego.kitex.codegen.thrift.ConstValue.ListLiteral;
import io.cloudwego.kitex.codegen.thrift.ConstValue.MapLiteral;
import io.cloudwego.kitex.codegen.thrift.ConstValue.StringLiteral;
import io.cloudwego.kitex.codegen.thrift.Definition.ConstDef;
import io.cloudwego.kitex.codegen.thrift.Definition.EnumDef;
import io.cloudwego.kitex.codegen.thrift.Definition.ServiceDef;
import io.cloudwego.kitex.codegen.thrift.Definition.StructDef;
import io.cloudwego.kitex.codegen.thrift.Definition.StructKind;
import io.cloudwego.kitex.codegen.thrift.Definition.TypedefDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThriftParserTest {

    private static ThriftDocument parse(String idl) {
        return ThriftParser.parse("t.thrift", idl);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Definition> T only(String idl) {
        List<Definition> definitions = parse(idl).definitions();
        assertThat(definitions).hasSize(1);
        return (T) definitions.get(0);
    }

    @Test
    void headers() {
        ThriftDocument doc = parse("""
            include "a.thrift"
            include 'sub/b.thrift';
            cpp_include "<map>"
            namespace java com.example.api
            namespace * any.where
            namespace go example (go.tag = "x")
            """);
        assertThat(doc.includes()).extracting(ThriftDocument.Include::path).containsExactly("a.thrift", "sub/b.thrift");
        assertThat(doc.cppIncludes()).extracting(ThriftDocument.Include::path).containsExactly("<map>");
        assertThat(doc.namespace("java")).isEqualTo("com.example.api");
        assertThat(doc.namespace("py")).isEqualTo("any.where");
        assertThat(doc.namespaces().get(2).annotations().get("go.tag")).isEqualTo("x");
    }

    @Test
    void commentsOfAllKindsAndDocComments() {
        ThriftDocument doc = parse("""
            // line comment
            # hash comment
            /* block
               comment */
            /**
             * The answer.
             * Really.
             */
            const i32 ANSWER = 42 // trailing
            /**/ const i32 B = 1
            """);
        ConstDef answer = (ConstDef) doc.definitions().get(0);
        assertThat(answer.doc()).isEqualTo("The answer.\nReally.");
        assertThat(answer.position()).isEqualTo(new Position("t.thrift", 9, 1));
        assertThat(((ConstDef) doc.definitions().get(1)).doc()).isNull();
    }

    @Test
    void constLiterals() {
        ThriftDocument doc = parse("""
            const i32 HEX = 0x1F
            const i64 NEG = -0x10
            const i32 MINUS = -7
            const i32 PLUS = +7
            const double D1 = 1.5
            const double D2 = -2.5e-3
            const double D3 = 1E10
            const string S1 = "a\\"b\\n\\u0041"
            const string S2 = 'it\\'s "x"'
            const bool T = true
            const bool F = false
            const i32 REF = other.X
            const list<i32> L = [1, 2; 3]
            const map<string, list<i32>> M = {"a": [1], 'b': [], }
            """);
        List<Definition> d = doc.definitions();
        assertThat(value(d, 0)).isEqualTo(31L);
        assertThat(value(d, 1)).isEqualTo(-16L);
        assertThat(value(d, 2)).isEqualTo(-7L);
        assertThat(value(d, 3)).isEqualTo(7L);
        assertThat(value(d, 4)).isEqualTo(1.5);
        assertThat(value(d, 5)).isEqualTo(-2.5e-3);
        assertThat(value(d, 6)).isEqualTo(1e10);
        assertThat(value(d, 7)).isEqualTo("a\"b\nA");
        assertThat(value(d, 8)).isEqualTo("it's \"x\"");
        assertThat(value(d, 9)).isEqualTo(true);
        assertThat(value(d, 10)).isEqualTo(false);
        assertThat(((ConstDef) d.get(11)).value()).isInstanceOf(Identifier.class);
        ListLiteral list = (ListLiteral) ((ConstDef) d.get(12)).value();
        assertThat(list.elements()).extracting(v -> ((IntLiteral) v).value()).containsExactly(1L, 2L, 3L);
        MapLiteral map = (MapLiteral) ((ConstDef) d.get(13)).value();
        assertThat(map.entries()).extracting(e -> ((StringLiteral) e.key()).value()).containsExactly("a", "b");
        assertThat(((ConstDef) d.get(13)).type()).hasToString("map<string,list<i32>>");
    }

    private static Object value(List<Definition> definitions, int index) {
        ConstValue value = ((ConstDef) definitions.get(index)).value();
        if (value instanceof IntLiteral v) {
            return v.value();
        }
        if (value instanceof ConstValue.DoubleLiteral v) {
            return v.value();
        }
        if (value instanceof StringLiteral v) {
            return v.value();
        }
        return ((ConstValue.BoolLiteral) value).value();
    }

    @Test
    void enumsWithExplicitAndImplicitValues() {
        EnumDef e = only("enum Color { RED, GREEN = 5; BLUE (x = \"y\") YELLOW = -1, PINK } (e.a = \"1\")");
        assertThat(e.values()).extracting(Definition.EnumValue::name)
            .containsExactly("RED", "GREEN", "BLUE", "YELLOW", "PINK");
        assertThat(e.values()).extracting(Definition.EnumValue::value).containsExactly(0, 5, 6, -1, 0);
        assertThat(e.values().get(2).annotations().get("x")).isEqualTo("y");
        assertThat(e.annotations().get("e.a")).isEqualTo("1");
    }

    @Test
    void structFieldsRequirednessDefaultsAndImplicitIds() {
        StructDef s = only("""
            struct S {
              1: required string a (api.query = "a", vt.min)
              optional i32 b = 3,
              3: list<map<string, set<binary>>> c;
              i64 d
              5: byte e
              6: i8 f
              7: uuid g
            } (k = "v")
            """);
        assertThat(s.kind()).isEqualTo(StructKind.STRUCT);
        assertThat(s.fields()).extracting(FieldDef::id).containsExactly(1, -1, 3, -2, 5, 6, 7);
        assertThat(s.fields()).extracting(FieldDef::explicitId).containsExactly(true, false, true, false, true, true, true);
        assertThat(s.fields()).extracting(FieldDef::requiredness).containsExactly(Requiredness.REQUIRED,
            Requiredness.OPTIONAL, Requiredness.DEFAULT, Requiredness.DEFAULT, Requiredness.DEFAULT,
            Requiredness.DEFAULT, Requiredness.DEFAULT);
        assertThat(s.fields().get(0).annotations().get("api.query")).isEqualTo("a");
        assertThat(s.fields().get(0).annotations().get("vt.min")).isEqualTo("");
        assertThat(((IntLiteral) s.fields().get(1).defaultValue()).value()).isEqualTo(3);
        assertThat(s.fields().get(2).type()).hasToString("list<map<string,set<binary>>>");
        assertThat(s.fields().get(4).type()).hasToString("i8");
        assertThat(s.fields().get(6).type()).hasToString("uuid");
        assertThat(s.annotations().get("k")).isEqualTo("v");
    }

    @Test
    void unionsAndExceptions() {
        List<Definition> d = parse("union U { 1: i32 a 2: string b } exception E { 1: string message }").definitions();
        assertThat(((StructDef) d.get(0)).kind()).isEqualTo(StructKind.UNION);
        assertThat(((StructDef) d.get(1)).kind()).isEqualTo(StructKind.EXCEPTION);
    }

    @Test
    void typeAnnotationsAndTypedefs() {
        TypedefDef t = only("typedef map<string (a = \"1\"), i32> (b = \"2\") Dict (c = \"3\")");
        TypeRef.MapOf map = (TypeRef.MapOf) t.type();
        assertThat(map.key().annotations().get("a")).isEqualTo("1");
        assertThat(map.annotations().get("b")).isEqualTo("2");
        assertThat(t.annotations().get("c")).isEqualTo("3");
    }

    @Test
    void servicesWithExtendsOnewayThrowsAndAnnotations() {
        ServiceDef s = only("""
            service Child extends base.Parent {
              /** Gets it. */
              Item get(1: i64 id, 2: string name) throws (1: NotFound nf, 2: Denied d) (api.get = "/item/:id")
              oneway void fire(1: Item item);
              void nothing(),
              stream.Resp chat(1: stream.Req req) (streaming.mode = "bidirectional")
            } (service.k = "v")
            """);
        assertThat(s.extendsName()).isEqualTo("base.Parent");
        assertThat(s.methods()).extracting(Definition.MethodDef::name).containsExactly("get", "fire", "nothing", "chat");
        Definition.MethodDef get = s.methods().get(0);
        assertThat(get.doc()).isEqualTo("Gets it.");
        assertThat(get.params()).extracting(FieldDef::name).containsExactly("id", "name");
        assertThat(get.throwsList()).extracting(FieldDef::id).containsExactly(1, 2);
        assertThat(get.annotations().get("api.get")).isEqualTo("/item/:id");
        assertThat(s.methods().get(1).oneway()).isTrue();
        assertThat(s.methods().get(2).returnType()).isNull();
        assertThat(s.methods().get(3).annotations().get("streaming.mode")).isEqualTo("bidirectional");
        assertThat(s.annotations().get("service.k")).isEqualTo("v");
    }

    @Test
    void keywordsOfJavaAreFineAsNames() {
        StructDef s = only("struct String { 1: i32 class 2: string builder 3: bool public }");
        assertThat(s.fields()).extracting(FieldDef::name).containsExactly("class", "builder", "public");
    }

    @Test
    void positionsCountLinesAndColumns() {
        StructDef s = only("\n\n  struct A {\n\t1: i32 x\n}");
        assertThat(s.position()).isEqualTo(new Position("t.thrift", 3, 3));
        assertThat(s.fields().get(0).position()).isEqualTo(new Position("t.thrift", 4, 2));
    }
}
