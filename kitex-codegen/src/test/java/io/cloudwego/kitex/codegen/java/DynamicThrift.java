package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.BaseType;
import io.cloudwego.kitex.codegen.thrift.Definition.StructKind;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.Type;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * Reads and writes values of the resolved IDL model with libthrift's protocol primitives, as a
 * generic tree: a struct is a map from field id to value (only fields present), lists, sets and maps
 * are Java collections in wire order, binary is a ByteBuffer, an enum its Integer value. Also turns a
 * generated object into such a tree (by reflection) and makes random trees.
 */
final class DynamicThrift {
    private final JavaNames names;

    DynamicThrift(JavaNames names) {
        this.names = names;
    }

    static byte ttype(Type type) {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    return TType.BOOL;
                case I8:
                    return TType.BYTE;
                case I16:
                    return TType.I16;
                case I32:
                    return TType.I32;
                case I64:
                    return TType.I64;
                case DOUBLE:
                    return TType.DOUBLE;
                case UUID:
                    return TType.UUID;
                default:
                    return TType.STRING;
            }
        }
        if (type instanceof Type.ListOf) {
            return TType.LIST;
        }
        if (type instanceof Type.SetOf) {
            return TType.SET;
        }
        if (type instanceof Type.MapOf) {
            return TType.MAP;
        }
        return type instanceof Type.StructRef ? TType.STRUCT : TType.I32;
    }

    void writeStruct(TProtocol p, String name, List<ResolvedField> fields, Map<Short, Object> value) throws TException {
        p.writeStructBegin(new TStruct(name));
        for (ResolvedField field : fields) {
            Object v = value.get((short) field.id());
            if (v != null) {
                p.writeFieldBegin(new TField(field.name(), ttype(field.type()), (short) field.id()));
                write(p, field.type(), v);
                p.writeFieldEnd();
            }
        }
        p.writeFieldStop();
        p.writeStructEnd();
    }

    @SuppressWarnings("unchecked")
    void write(TProtocol p, Type type, Object v) throws TException {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    p.writeBool((Boolean) v);
                    return;
                case I8:
                    p.writeByte((Byte) v);
                    return;
                case I16:
                    p.writeI16((Short) v);
                    return;
                case I32:
                    p.writeI32((Integer) v);
                    return;
                case I64:
                    p.writeI64((Long) v);
                    return;
                case DOUBLE:
                    p.writeDouble((Double) v);
                    return;
                case STRING:
                    p.writeString((String) v);
                    return;
                case UUID:
                    // The spec puts a UUID on the wire in network order, most significant half first;
                    // libthrift 0.22's writeUuid/readUuid swap the halves (apache/thrift#3144), so
                    // the two halves are written as i64s, which is the spec's byte layout.
                    p.writeI64(((UUID) v).getMostSignificantBits());
                    p.writeI64(((UUID) v).getLeastSignificantBits());
                    return;
                default:
                    p.writeBinary(((ByteBuffer) v).duplicate());
                    return;
            }
        }
        if (type instanceof Type.EnumRef) {
            p.writeI32((Integer) v);
        } else if (type instanceof Type.StructRef ref) {
            writeStruct(p, ref.struct().name(), ref.struct().fields(), (Map<Short, Object>) v);
        } else if (type instanceof Type.ListOf list) {
            List<Object> items = (List<Object>) v;
            p.writeListBegin(new TList(ttype(list.element()), items.size()));
            for (Object item : items) {
                write(p, list.element(), item);
            }
            p.writeListEnd();
        } else if (type instanceof Type.SetOf set) {
            Set<Object> items = (Set<Object>) v;
            p.writeSetBegin(new TSet(ttype(set.element()), items.size()));
            for (Object item : items) {
                write(p, set.element(), item);
            }
            p.writeSetEnd();
        } else {
            Type.MapOf map = (Type.MapOf) type;
            Map<Object, Object> entries = (Map<Object, Object>) v;
            p.writeMapBegin(new TMap(ttype(map.key()), ttype(map.value()), entries.size()));
            for (Map.Entry<Object, Object> entry : entries.entrySet()) {
                write(p, map.key(), entry.getKey());
                write(p, map.value(), entry.getValue());
            }
            p.writeMapEnd();
        }
    }

    Map<Short, Object> readStruct(TProtocol p, List<ResolvedField> fields) throws TException {
        Map<Short, Object> value = new LinkedHashMap<>();
        p.readStructBegin();
        while (true) {
            TField header = p.readFieldBegin();
            if (header.type == TType.STOP) {
                break;
            }
            ResolvedField field = fields.stream().filter(f -> f.id() == header.id).findFirst().orElse(null);
            if (field != null && ttype(field.type()) == header.type) {
                value.put(header.id, read(p, field.type()));
            } else {
                TProtocolUtil.skip(p, header.type);
            }
            p.readFieldEnd();
        }
        p.readStructEnd();
        return value;
    }

    Object read(TProtocol p, Type type) throws TException {
        if (type instanceof Type.Base base) {
            switch (base.kind()) {
                case BOOL:
                    return p.readBool();
                case I8:
                    return p.readByte();
                case I16:
                    return p.readI16();
                case I32:
                    return p.readI32();
                case I64:
                    return p.readI64();
                case DOUBLE:
                    return p.readDouble();
                case STRING:
                    return p.readString();
                case UUID:
                    return new UUID(p.readI64(), p.readI64());
                default:
                    return p.readBinary();
            }
        }
        if (type instanceof Type.EnumRef) {
            return p.readI32();
        }
        if (type instanceof Type.StructRef ref) {
            return readStruct(p, ref.struct().fields());
        }
        if (type instanceof Type.ListOf list) {
            TList header = isUuid(list.element()) ? new TList(p.readByte(), p.readI32()) : p.readListBegin();
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < header.size; i++) {
                items.add(read(p, list.element()));
            }
            p.readListEnd();
            return items;
        }
        if (type instanceof Type.SetOf set) {
            TSet header = isUuid(set.element()) ? new TSet(p.readByte(), p.readI32()) : p.readSetBegin();
            Set<Object> items = new LinkedHashSet<>();
            for (int i = 0; i < header.size; i++) {
                items.add(read(p, set.element()));
            }
            p.readSetEnd();
            return items;
        }
        Type.MapOf map = (Type.MapOf) type;
        TMap header = isUuid(map.key()) || isUuid(map.value())
            ? new TMap(p.readByte(), p.readByte(), p.readI32()) : p.readMapBegin();
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < header.size; i++) {
            Object key = read(p, map.key());
            entries.put(key, read(p, map.value()));
        }
        p.readMapEnd();
        return entries;
    }

    /**
     * libthrift 0.22's binary protocol rejects containers of uuid when it checks their size ("unrecognized
     * type code"), so their headers are read field by field, as the binary protocol lays them out.
     */
    private static boolean isUuid(Type type) {
        return type instanceof Type.Base base && base.kind() == BaseType.UUID;
    }

    /** The tree of a generated struct, union or exception object. */
    Map<Short, Object> toTree(ResolvedStruct struct, Object object) throws ReflectiveOperationException {
        Map<Short, Object> tree = new LinkedHashMap<>();
        Class<?> type = object.getClass();
        boolean union = struct.kind() == StructKind.UNION;
        for (ResolvedField field : struct.fields()) {
            if (union || names.isNullable(struct, field)) {
                Method has = type.getMethod(names.hasMethod(struct, field));
                if (!(Boolean) has.invoke(object)) {
                    continue;
                }
            }
            String accessor = field.type() instanceof Type.EnumRef ? names.rawAccessor(struct, field)
                : names.accessor(struct, field);
            tree.put((short) field.id(), toTree(field.type(), type.getMethod(accessor).invoke(object)));
        }
        return tree;
    }

    /** The tree of a generated value of {@code type}; enums given as Java enums or raw Integers. */
    Object toTree(Type type, Object value) throws ReflectiveOperationException {
        if (type instanceof Type.EnumRef) {
            return value instanceof Integer ? value : value.getClass().getMethod("value").invoke(value);
        }
        if (type instanceof Type.StructRef ref) {
            return toTree(ref.struct(), value);
        }
        if (type instanceof Type.ListOf list) {
            List<Object> items = new ArrayList<>();
            for (Object item : (List<?>) value) {
                items.add(toTree(list.element(), item));
            }
            return items;
        }
        if (type instanceof Type.SetOf set) {
            Set<Object> items = new LinkedHashSet<>();
            for (Object item : (Set<?>) value) {
                items.add(toTree(set.element(), item));
            }
            return items;
        }
        if (type instanceof Type.MapOf map) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                entries.put(toTree(map.key(), entry.getKey()), toTree(map.value(), entry.getValue()));
            }
            return entries;
        }
        return value;
    }

    /**
     * A random tree of {@code struct}: every field that is always written (and every field with a
     * default, which a reader fills in) is present, others at random; a union has one field.
     * Enum-typed struct fields may hold numbers the enum does not know.
     */
    Map<Short, Object> random(ResolvedStruct struct, Random random, int depth) {
        Map<Short, Object> tree = new LinkedHashMap<>();
        List<ResolvedField> fields = struct.fields();
        if (struct.kind() == StructKind.UNION) {
            ResolvedField field = fields.get(random.nextInt(fields.size()));
            tree.put((short) field.id(), randomField(field, random, depth));
            return tree;
        }
        for (ResolvedField field : fields) {
            boolean always = !names.isNullable(struct, field) || field.defaultValue() != null;
            boolean recursive = field.type() instanceof Type.StructRef ref && ref.struct() == struct;
            if (always || (random.nextBoolean() && !(recursive && depth > 1))) {
                tree.put((short) field.id(), randomField(field, random, depth));
            }
        }
        return tree;
    }

    private Object randomField(ResolvedField field, Random random, int depth) {
        if (field.type() instanceof Type.EnumRef ref && random.nextInt(4) == 0) {
            return 1000 + random.nextInt(1000);
        }
        return random(field.type(), random, depth);
    }

    Object random(Type type, Random random, int depth) {
        if (type instanceof Type.Base base) {
            return randomBase(base.kind(), random);
        }
        if (type instanceof Type.EnumRef ref) {
            return ref.enumType().values().get(random.nextInt(ref.enumType().values().size())).value();
        }
        if (type instanceof Type.StructRef ref) {
            return random(ref.struct(), random, depth + 1);
        }
        int size = depth > 2 ? 0 : random.nextInt(4);
        if (type instanceof Type.ListOf list) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                items.add(random(list.element(), random, depth + 1));
            }
            return items;
        }
        if (type instanceof Type.SetOf set) {
            Set<Object> items = new LinkedHashSet<>();
            for (int i = 0; i < size; i++) {
                items.add(random(set.element(), random, depth + 1));
            }
            return items;
        }
        Type.MapOf map = (Type.MapOf) type;
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            entries.put(random(map.key(), random, depth + 1), random(map.value(), random, depth + 1));
        }
        return entries;
    }

    private static Object randomBase(BaseType kind, Random random) {
        switch (kind) {
            case BOOL:
                return random.nextBoolean();
            case I8:
                return (byte) random.nextInt();
            case I16:
                return (short) random.nextInt();
            case I32:
                return random.nextInt();
            case I64:
                return random.nextLong();
            case DOUBLE:
                return random.nextBoolean() ? random.nextDouble() * 1e6 : (double) random.nextInt(100);
            case STRING: {
                String[] pieces = {"", "a", "é", "日本", "🎉", "x y", "\n", "quote\""};
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(4); i > 0; i--) {
                    s.append(pieces[random.nextInt(pieces.length)]);
                }
                return s.toString();
            }
            case UUID:
                return new UUID(random.nextLong(), random.nextLong());
            default: {
                byte[] bytes = new byte[random.nextInt(6)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            }
        }
    }
}
