package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/** A top-level definition of an IDL file. */
public sealed interface Definition {

    String name();

    Annotations annotations();

    /** The doc comment text, or {@code null}. */
    String doc();

    Position position();

    record TypedefDef(String name, TypeRef type, Annotations annotations, String doc, Position position)
        implements Definition {
    }

    record ConstDef(String name, TypeRef type, ConstValue value, Annotations annotations, String doc,
                    Position position) implements Definition {
    }

    record EnumDef(String name, List<EnumValue> values, Annotations annotations, String doc, Position position)
        implements Definition {
        public EnumDef {
            values = List.copyOf(values);
        }

        /** The value named {@code name}, or {@code null}. */
        public EnumValue value(String name) {
            for (EnumValue value : values) {
                if (value.name().equals(name)) {
                    return value;
                }
            }
            return null;
        }
    }

    /** One constant of an enum; {@code explicit} tells whether the IDL gave its value. */
    record EnumValue(String name, int value, boolean explicit, Annotations annotations, String doc,
                     Position position) {
    }

    /** What a {@link StructDef} is. */
    enum StructKind {
        STRUCT("struct"),
        UNION("union"),
        EXCEPTION("exception");

        private final String keyword;

        StructKind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    record StructDef(StructKind kind, String name, List<FieldDef> fields, Annotations annotations, String doc,
                     Position position) implements Definition {
        public StructDef {
            fields = List.copyOf(fields);
        }
    }

    /** A service; {@code extendsName} is the parent's name as written, or {@code null}. */
    record ServiceDef(String name, String extendsName, Position extendsPosition, List<MethodDef> methods,
                      Annotations annotations, String doc, Position position) implements Definition {
        public ServiceDef {
            methods = List.copyOf(methods);
        }
    }

    /** A method of a service; {@code returnType} is {@code null} for {@code void}. */
    record MethodDef(String name, boolean oneway, TypeRef returnType, List<FieldDef> params, List<FieldDef> throwsList,
                     Annotations annotations, String doc, Position position) {
        public MethodDef {
            params = List.copyOf(params);
            throwsList = List.copyOf(throwsList);
        }
    }
}
