package io.cloudwego.kitex.codegen.thrift;

/**
 * A field of a struct, union, exception, an argument of a method or an exception it throws.
 *
 * @param id the field id; negative ids were assigned implicitly (-1, -2, … in order), as Apache Thrift does
 * @param explicitId whether the IDL wrote the id
 * @param defaultValue the default value, or {@code null}
 * @param doc the doc comment ({@code /** … *}{@code /}) text, or {@code null}
 */
public record FieldDef(int id, boolean explicitId, Requiredness requiredness, TypeRef type, String name,
                       ConstValue defaultValue, Annotations annotations, String doc, Position position) {
}
