package io.cloudwego.kitex.codegen.thrift;

import io.cloudwego.kitex.codegen.thrift.Definition.ConstDef;
import io.cloudwego.kitex.codegen.thrift.Definition.EnumDef;
import io.cloudwego.kitex.codegen.thrift.Definition.EnumValue;
import io.cloudwego.kitex.codegen.thrift.Definition.MethodDef;
import io.cloudwego.kitex.codegen.thrift.Definition.ServiceDef;
import io.cloudwego.kitex.codegen.thrift.Definition.StructDef;
import io.cloudwego.kitex.codegen.thrift.Definition.StructKind;
import io.cloudwego.kitex.codegen.thrift.Definition.TypedefDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one IDL file into a {@link ThriftDocument}. Only syntax is checked here; names, types and
 * values are checked by {@link IdlLoader}.
 */
public final class ThriftParser {
    private static final int MAX_FIELD_ID = Short.MAX_VALUE;

    private final List<Token> tokens;
    private int index;

    private ThriftParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses {@code source}; {@code path} names the file in positions and messages.
     *
     * @throws ThriftIdlException on the first syntax error
     */
    public static ThriftDocument parse(String path, String source) {
        return new ThriftParser(Lexer.tokenize(path, source)).document(path);
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (token.kind() != Token.Kind.EOF) {
            index++;
        }
        return token;
    }

    private boolean accept(String text) {
        if (peek().is(text)) {
            advance();
            return true;
        }
        return false;
    }

    private Token expect(String text, String expected) {
        if (!peek().is(text)) {
            throw unexpected(expected);
        }
        return advance();
    }

    private ThriftIdlException unexpected(String expected) {
        return ThriftIdlException.syntax(peek().position(), peek().describe(), expected);
    }

    private String name(String expected) {
        Token token = peek();
        if (token.kind() != Token.Kind.IDENTIFIER || Lexer.isKeyword(token.text())) {
            throw unexpected(expected);
        }
        advance();
        return token.text();
    }

    private String string(String expected) {
        if (peek().kind() != Token.Kind.STRING) {
            throw unexpected(expected);
        }
        return (String) advance().value();
    }

    private void separator() {
        if (!accept(",")) {
            accept(";");
        }
    }

    private ThriftDocument document(String path) {
        List<ThriftDocument.Include> includes = new ArrayList<>();
        List<ThriftDocument.Include> cppIncludes = new ArrayList<>();
        List<ThriftDocument.Namespace> namespaces = new ArrayList<>();
        List<Definition> definitions = new ArrayList<>();
        while (peek().kind() != Token.Kind.EOF) {
            Token start = peek();
            if (start.is("include") || start.is("cpp_include")) {
                advance();
                Position where = peek().position();
                String file = string("a quoted file path");
                (start.is("include") ? includes : cppIncludes).add(new ThriftDocument.Include(file, where));
            } else if (start.is("namespace")) {
                advance();
                String scope = peek().is("*") ? advance().text() : name("a namespace scope (a language or *)");
                if (peek().kind() != Token.Kind.IDENTIFIER) {
                    throw unexpected("a namespace name");
                }
                String name = advance().text();
                namespaces.add(new ThriftDocument.Namespace(scope, name, annotations(), start.position()));
            } else {
                definitions.add(definition());
            }
            separator();
        }
        return new ThriftDocument(path, includes, cppIncludes, namespaces, definitions);
    }

    private Definition definition() {
        Token start = peek();
        String doc = start.doc();
        if (start.is("const")) {
            advance();
            TypeRef type = type("a constant type");
            String name = name("a constant name");
            expect("=", "'='");
            ConstValue value = constValue();
            return new ConstDef(name, type, value, annotations(), doc, start.position());
        }
        if (start.is("typedef")) {
            advance();
            TypeRef type = type("a type");
            String name = name("a typedef name");
            return new TypedefDef(name, type, annotations(), doc, start.position());
        }
        if (start.is("enum")) {
            return enumDef();
        }
        for (StructKind kind : StructKind.values()) {
            if (start.is(kind.keyword())) {
                advance();
                String name = name("a " + kind.keyword() + " name");
                accept("xsd_all");
                expect("{", "'{'");
                List<FieldDef> fields = fields("}");
                expect("}", "'}'");
                return new StructDef(kind, name, fields, annotations(), doc, start.position());
            }
        }
        if (start.is("service")) {
            return service();
        }
        throw unexpected("a definition (const, typedef, enum, struct, union, exception or service)");
    }

    private EnumDef enumDef() {
        Token start = advance();
        String name = name("an enum name");
        expect("{", "'{'");
        List<EnumValue> values = new ArrayList<>();
        int next = 0;
        while (!peek().is("}")) {
            Token valueStart = peek();
            String valueName = name("an enum value name or '}'");
            boolean explicit = accept("=");
            int value = next;
            if (explicit) {
                Token number = peek();
                if (number.kind() != Token.Kind.INTEGER) {
                    throw unexpected("an integer");
                }
                long v = (Long) advance().value();
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw ThriftIdlException.syntax(number.position(), "integer " + number.text(),
                        "an enum value that fits in 32 bits");
                }
                value = (int) v;
            }
            next = value + 1;
            values.add(new EnumValue(valueName, value, explicit, annotations(), valueStart.doc(),
                valueStart.position()));
            separator();
        }
        advance();
        return new EnumDef(name, values, annotations(), start.doc(), start.position());
    }

    private ServiceDef service() {
        Token start = advance();
        String name = name("a service name");
        String parent = null;
        Position parentPosition = null;
        if (accept("extends")) {
            parentPosition = peek().position();
            parent = name("a service name");
        }
        expect("{", "'{'");
        List<MethodDef> methods = new ArrayList<>();
        while (!peek().is("}")) {
            methods.add(method());
        }
        advance();
        return new ServiceDef(name, parent, parentPosition, methods, annotations(), start.doc(), start.position());
    }

    private MethodDef method() {
        Token start = peek();
        boolean oneway = accept("oneway");
        TypeRef returnType = null;
        if (!accept("void")) {
            returnType = type(oneway ? "'void'" : "a return type, 'void' or '}'");
        }
        String name = name("a method name");
        expect("(", "'('");
        List<FieldDef> params = fields(")");
        expect(")", "')'");
        List<FieldDef> throwsList = List.of();
        if (accept("throws")) {
            expect("(", "'('");
            throwsList = fields(")");
            expect(")", "')'");
        }
        Annotations annotations = annotations();
        separator();
        return new MethodDef(name, oneway, returnType, params, throwsList, annotations, start.doc(), start.position());
    }

    private List<FieldDef> fields(String end) {
        List<FieldDef> fields = new ArrayList<>();
        int implicitId = 0;
        while (!peek().is(end)) {
            Token start = peek();
            int id;
            boolean explicit = start.kind() == Token.Kind.INTEGER;
            if (explicit) {
                long value = (Long) advance().value();
                if (value < 1 || value > MAX_FIELD_ID) {
                    throw ThriftIdlException.syntax(start.position(), "field id " + start.text(),
                        "an integer in 1.." + MAX_FIELD_ID);
                }
                id = (int) value;
                expect(":", "':'");
            } else {
                id = --implicitId;
            }
            Requiredness requiredness = Requiredness.DEFAULT;
            if (accept("required")) {
                requiredness = Requiredness.REQUIRED;
            } else if (accept("optional")) {
                requiredness = Requiredness.OPTIONAL;
            }
            String expectedType = explicit || requiredness != Requiredness.DEFAULT
                ? "a field type" : "a field type or '" + end + "'";
            TypeRef type = type(expectedType);
            String name = name("a field name");
            ConstValue defaultValue = accept("=") ? constValue() : null;
            Annotations annotations = annotations();
            separator();
            fields.add(new FieldDef(id, explicit, requiredness, type, name, defaultValue, annotations, start.doc(),
                start.position()));
        }
        return fields;
    }

    private TypeRef type(String expected) {
        Token start = peek();
        if (start.kind() != Token.Kind.IDENTIFIER) {
            throw unexpected(expected);
        }
        String word = start.text();
        if (word.equals("list") || word.equals("set")) {
            advance();
            expect("<", "'<'");
            TypeRef element = type("an element type");
            expect(">", "'>'");
            return word.equals("list")
                ? new TypeRef.ListOf(element, start.position(), annotations())
                : new TypeRef.SetOf(element, start.position(), annotations());
        }
        if (word.equals("map")) {
            advance();
            expect("<", "'<'");
            TypeRef key = type("a key type");
            expect(",", "','");
            TypeRef value = type("a value type");
            expect(">", "'>'");
            return new TypeRef.MapOf(key, value, start.position(), annotations());
        }
        BaseType base = BaseType.forName(word);
        if (base != null) {
            advance();
            return new TypeRef.Base(base, start.position(), annotations());
        }
        if (Lexer.isKeyword(word)) {
            throw unexpected(expected);
        }
        advance();
        return new TypeRef.Named(word, start.position(), annotations());
    }

    private ConstValue constValue() {
        Token token = peek();
        switch (token.kind()) {
            case INTEGER:
                advance();
                return new ConstValue.IntLiteral((Long) token.value(), token.position());
            case DOUBLE:
                advance();
                return new ConstValue.DoubleLiteral((Double) token.value(), token.position());
            case STRING:
                advance();
                return new ConstValue.StringLiteral((String) token.value(), token.position());
            case IDENTIFIER:
                if (token.is("true") || token.is("false")) {
                    advance();
                    return new ConstValue.BoolLiteral(token.is("true"), token.position());
                }
                if (Lexer.isKeyword(token.text())) {
                    throw unexpected("a constant value");
                }
                advance();
                return new ConstValue.Identifier(token.text(), token.position());
            default:
                break;
        }
        if (accept("[")) {
            List<ConstValue> elements = new ArrayList<>();
            while (!accept("]")) {
                elements.add(constValue());
                separator();
            }
            return new ConstValue.ListLiteral(elements, token.position());
        }
        if (accept("{")) {
            List<ConstValue.Entry> entries = new ArrayList<>();
            while (!accept("}")) {
                ConstValue key = constValue();
                expect(":", "':'");
                entries.add(new ConstValue.Entry(key, constValue()));
                separator();
            }
            return new ConstValue.MapLiteral(entries, token.position());
        }
        throw unexpected("a constant value");
    }

    private Annotations annotations() {
        if (!peek().is("(")) {
            return Annotations.NONE;
        }
        advance();
        List<Annotations.Annotation> list = new ArrayList<>();
        while (!accept(")")) {
            Token key = peek();
            if (key.kind() != Token.Kind.IDENTIFIER) {
                throw unexpected("an annotation name or ')'");
            }
            advance();
            String value = accept("=") ? string("a quoted annotation value") : "";
            list.add(new Annotations.Annotation(key.text(), value, key.position()));
            separator();
        }
        return new Annotations(list);
    }
}
