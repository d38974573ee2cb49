package io.cloudwego.kitex.codegen.thrift;

import io.cloudwego.kitex.codegen.thrift.Definition.ConstDef;
import io.cloudwego.kitex.codegen.thrift.Definition.EnumDef;
import io.cloudwego.kitex.codegen.thrift.Definition.EnumValue;
import io.cloudwego.kitex.codegen.thrift.Definition.MethodDef;
import io.cloudwego.kitex.codegen.thrift.Definition.ServiceDef;
import io.cloudwego.kitex.codegen.thrift.Definition.StructDef;
import io.cloudwego.kitex.codegen.thrift.Definition.StructKind;
import io.cloudwego.kitex.codegen.thrift.Definition.TypedefDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads IDL files and everything they include, resolves names and types, and checks the result.
 * An include is looked up relative to the including file first, then in each include path in order.
 */
public final class IdlLoader {
    private final List<Path> includePaths;
    private final Map<Path, SourceFile> loaded = new HashMap<>();
    private final List<Path> stack = new ArrayList<>();
    private final Map<Path, String> relativeNames = new HashMap<>();
    private final List<SourceFile> order = new ArrayList<>();

    private final Map<SourceFile, Map<String, Definition>> symbols = new IdentityHashMap<>();
    private final Map<Definition, SourceFile> owner = new IdentityHashMap<>();
    private final Map<Definition, ResolvedStruct> structs = new IdentityHashMap<>();
    private final Map<Definition, ResolvedEnum> enums = new IdentityHashMap<>();
    private final Map<Definition, ResolvedService> services = new IdentityHashMap<>();
    private final Map<Definition, Type> typedefs = new IdentityHashMap<>();
    private final Set<Definition> resolving = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<ResolvedService> servicesDone = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<ResolvedStruct> fieldsDone = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private IdlLoader(List<Path> includePaths) {
        this.includePaths = List.copyOf(includePaths);
    }

    /**
     * Loads {@code inputs} with the files they include.
     *
     * @throws ThriftIdlException the first error found
     */
    public static Program load(List<Path> inputs, List<Path> includePaths) {
        IdlLoader loader = new IdlLoader(includePaths);
        List<SourceFile> inputFiles = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) {
                throw new ThriftIdlException(input + ": no such IDL file");
            }
            inputFiles.add(loader.loadFile(input, input.getFileName().toString(), null));
        }
        loader.resolveAll();
        return new Program(loader.order, inputFiles);
    }

    private SourceFile loadFile(Path path, String relativePath, ThriftDocument.Include from) {
        Path key;
        String text;
        try {
            key = path.toRealPath();
            int onStack = stack.indexOf(key);
            if (onStack >= 0) {
                List<String> chain = new ArrayList<>();
                for (Path p : stack.subList(onStack, stack.size())) {
                    chain.add(relativeNames.get(p));
                }
                chain.add(relativePath);
                throw new ThriftIdlException(from.position(), "include cycle: " + String.join(" -> ", chain));
            }
            SourceFile done = loaded.get(key);
            if (done != null) {
                return done;
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ThriftIdlException(path + ": cannot read: " + e.getMessage());
        }
        ThriftDocument document = ThriftParser.parse(path.toString(), text);
        SourceFile file = new SourceFile(path, relativePath, document);
        stack.add(key);
        relativeNames.put(key, relativePath);
        for (ThriftDocument.Include include : document.includes()) {
            SourceFile included = include(file, include);
            SourceFile previous = file.includes.putIfAbsent(included.baseName(), included);
            if (previous != null && previous != included) {
                throw new ThriftIdlException(include.position(), "include \"" + include.path()
                    + "\" is named '" + included.baseName() + "' like an earlier include");
            }
        }
        stack.remove(stack.size() - 1);
        loaded.put(key, file);
        order.add(file);
        return file;
    }

    private SourceFile include(SourceFile includer, ThriftDocument.Include include) {
        Path dir = includer.path().getParent() != null ? includer.path().getParent() : Path.of(".");
        List<Path> looked = new ArrayList<>();
        Path beside = dir.resolve(include.path()).normalize();
        looked.add(dir);
        if (Files.isRegularFile(beside)) {
            Path relativeDir = Path.of(includer.relativePath()).getParent();
            String relative = (relativeDir == null ? Path.of(include.path()) : relativeDir.resolve(include.path()))
                .normalize().toString();
            return loadFile(beside, relative, include);
        }
        for (Path searchPath : includePaths) {
            Path candidate = searchPath.resolve(include.path()).normalize();
            looked.add(searchPath);
            if (Files.isRegularFile(candidate)) {
                return loadFile(candidate, Path.of(include.path()).normalize().toString(), include);
            }
        }
        throw new ThriftIdlException(include.position(), "include \"" + include.path() + "\" not found, looked in "
            + looked.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    private void resolveAll() {
        for (SourceFile file : order) {
            Map<String, Definition> table = new LinkedHashMap<>();
            for (Definition definition : file.document().definitions()) {
                Definition previous = table.putIfAbsent(definition.name(), definition);
                if (previous != null) {
                    throw new ThriftIdlException(definition.position(),
                        "'" + definition.name() + "' is already defined at " + previous.position());
                }
                owner.put(definition, file);
                if (definition instanceof StructDef struct) {
                    ResolvedStruct resolved = new ResolvedStruct(file, struct);
                    structs.put(definition, resolved);
                    file.structs.add(resolved);
                } else if (definition instanceof EnumDef enumDef) {
                    ResolvedEnum resolved = new ResolvedEnum(file, enumDef);
                    enums.put(definition, resolved);
                    file.enums.add(resolved);
                } else if (definition instanceof ServiceDef service) {
                    ResolvedService resolved = new ResolvedService(file, service);
                    services.put(definition, resolved);
                    file.services.add(resolved);
                }
            }
            symbols.put(file, table);
        }
        for (SourceFile file : order) {
            for (Definition definition : file.document().definitions()) {
                if (definition instanceof TypedefDef typedef) {
                    typedefType(typedef);
                } else if (definition instanceof EnumDef enumDef) {
                    checkEnum(enumDef);
                } else if (definition instanceof StructDef) {
                    structFields(structs.get(definition));
                }
            }
        }
        for (SourceFile file : order) {
            for (Definition definition : file.document().definitions()) {
                if (definition instanceof ConstDef constDef) {
                    Type type = resolveType(file, constDef.type());
                    file.consts.add(new ResolvedConst(constDef, type, constValue(constDef, type)));
                } else if (definition instanceof ServiceDef) {
                    resolveService(services.get(definition));
                }
            }
        }
    }

    /** The definition {@code name} refers to from {@code file}: local, or {@code include.Name}. */
    private Definition lookup(SourceFile file, String name) {
        Definition local = symbols.get(file).get(name);
        if (local != null) {
            return local;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            SourceFile included = file.includes.get(name.substring(0, dot));
            if (included != null) {
                return symbols.get(included).get(name.substring(dot + 1));
            }
        }
        return null;
    }

    private static String kindOf(Definition definition) {
        if (definition instanceof StructDef struct) {
            return struct.kind().keyword();
        }
        if (definition instanceof ServiceDef) {
            return "service";
        }
        if (definition instanceof ConstDef) {
            return "constant";
        }
        if (definition instanceof EnumDef) {
            return "enum";
        }
        return "typedef";
    }

    Type resolveType(SourceFile file, TypeRef ref) {
        if (ref instanceof TypeRef.Base base) {
            return new Type.Base(base.type());
        }
        if (ref instanceof TypeRef.ListOf list) {
            return new Type.ListOf(resolveType(file, list.element()));
        }
        if (ref instanceof TypeRef.SetOf set) {
            return new Type.SetOf(resolveType(file, set.element()));
        }
        if (ref instanceof TypeRef.MapOf map) {
            return new Type.MapOf(resolveType(file, map.key()), resolveType(file, map.value()));
        }
        TypeRef.Named named = (TypeRef.Named) ref;
        Definition definition = lookup(file, named.name());
        if (definition == null) {
            throw new ThriftIdlException(named.position(), "unknown type '" + named.name() + "'");
        }
        if (definition instanceof TypedefDef typedef) {
            return typedefType(typedef);
        }
        if (definition instanceof StructDef) {
            return new Type.StructRef(structs.get(definition));
        }
        if (definition instanceof EnumDef) {
            return new Type.EnumRef(enums.get(definition));
        }
        throw new ThriftIdlException(named.position(),
            "'" + named.name() + "' is a " + kindOf(definition) + ", expected a type");
    }

    private Type typedefType(TypedefDef typedef) {
        Type done = typedefs.get(typedef);
        if (done != null) {
            return done;
        }
        if (!resolving.add(typedef)) {
            throw new ThriftIdlException(typedef.position(), "typedef '" + typedef.name() + "' refers to itself");
        }
        Type type = resolveType(owner.get(typedef), typedef.type());
        resolving.remove(typedef);
        typedefs.put(typedef, type);
        return type;
    }

    private void checkEnum(EnumDef enumDef) {
        Map<String, EnumValue> names = new HashMap<>();
        Map<Integer, EnumValue> numbers = new HashMap<>();
        for (EnumValue value : enumDef.values()) {
            if (names.putIfAbsent(value.name(), value) != null) {
                throw new ThriftIdlException(value.position(), "duplicate enum value name '" + value.name() + "'");
            }
            EnumValue same = numbers.putIfAbsent(value.value(), value);
            if (same != null) {
                throw new ThriftIdlException(value.position(), "enum value '" + value.name() + "' = " + value.value()
                    + " duplicates '" + same.name() + "'");
            }
        }
    }

    private List<ResolvedField> structFields(ResolvedStruct struct) {
        if (fieldsDone.add(struct)) {
            List<ResolvedField> fields = fields(struct.file(), struct.def().fields());
            if (struct.kind() == StructKind.UNION) {
                for (ResolvedField field : fields) {
                    if (field.requiredness() == Requiredness.REQUIRED) {
                        throw new ThriftIdlException(field.def().position(),
                            "union field '" + field.name() + "' cannot be required");
                    }
                }
            }
            struct.fields(fields);
        }
        return struct.fields();
    }

    private List<ResolvedField> fields(SourceFile file, List<FieldDef> defs) {
        Map<Integer, FieldDef> ids = new HashMap<>();
        Map<String, FieldDef> names = new HashMap<>();
        List<ResolvedField> fields = new ArrayList<>();
        for (FieldDef def : defs) {
            FieldDef sameId = ids.putIfAbsent(def.id(), def);
            if (sameId != null) {
                throw new ThriftIdlException(def.position(),
                    "field id " + def.id() + " of '" + def.name() + "' is already used by '" + sameId.name() + "'");
            }
            if (names.putIfAbsent(def.name(), def) != null) {
                throw new ThriftIdlException(def.position(), "duplicate field name '" + def.name() + "'");
            }
            Type type = resolveType(file, def.type());
            fields.add(new ResolvedField(def, type, null));
        }
        List<ResolvedField> withDefaults = new ArrayList<>();
        for (ResolvedField field : fields) {
            ConstValue defaultValue = field.def().defaultValue();
            withDefaults.add(defaultValue == null ? field
                : new ResolvedField(field.def(), field.type(), coerce(file, defaultValue, field.type())));
        }
        return withDefaults;
    }

    private void resolveService(ResolvedService service) {
        if (servicesDone.contains(service)) {
            return;
        }
        if (!resolving.add(service.def())) {
            throw new ThriftIdlException(service.def().extendsPosition(),
                "service '" + service.name() + "' extends itself");
        }
        ServiceDef def = service.def();
        SourceFile file = service.file();
        if (def.extendsName() != null) {
            Definition parent = lookup(file, def.extendsName());
            if (parent == null) {
                throw new ThriftIdlException(def.extendsPosition(), "unknown service '" + def.extendsName() + "'");
            }
            if (!(parent instanceof ServiceDef)) {
                throw new ThriftIdlException(def.extendsPosition(),
                    "'" + def.extendsName() + "' is a " + kindOf(parent) + ", expected a service");
            }
            ResolvedService resolvedParent = services.get(parent);
            resolveService(resolvedParent);
            service.parent(resolvedParent);
        }
        Map<String, ResolvedMethod> inherited = new HashMap<>();
        if (service.parent() != null) {
            for (ResolvedMethod method : service.parent().allMethods()) {
                inherited.put(method.name(), method);
            }
        }
        Map<String, MethodDef> own = new HashMap<>();
        List<ResolvedMethod> methods = new ArrayList<>();
        for (MethodDef method : def.methods()) {
            if (own.putIfAbsent(method.name(), method) != null) {
                throw new ThriftIdlException(method.position(), "duplicate method '" + method.name() + "'");
            }
            if (inherited.containsKey(method.name())) {
                throw new ThriftIdlException(method.position(), "method '" + method.name()
                    + "' is already defined by an extended service");
            }
            if (method.oneway() && method.returnType() != null) {
                throw new ThriftIdlException(method.position(),
                    "oneway method '" + method.name() + "' must return void");
            }
            if (method.oneway() && !method.throwsList().isEmpty()) {
                throw new ThriftIdlException(method.position(),
                    "oneway method '" + method.name() + "' cannot throw exceptions");
            }
            Type returnType = method.returnType() == null ? null : resolveType(file, method.returnType());
            List<ResolvedField> params = fields(file, method.params());
            List<ResolvedField> exceptions = fields(file, method.throwsList());
            for (ResolvedField exception : exceptions) {
                if (!(exception.type() instanceof Type.StructRef ref) || ref.struct().kind() != StructKind.EXCEPTION) {
                    throw new ThriftIdlException(exception.def().type().position(),
                        "'" + exception.def().type() + "' is not an exception, expected an exception type in throws");
                }
            }
            methods.add(new ResolvedMethod(method, returnType, params, exceptions,
                streamingMode(method, returnType, params)));
        }
        service.methods(methods);
        servicesDone.add(service);
        resolving.remove(def);
    }

    private Value constValue(ConstDef constDef, Type type) {
        if (!resolving.add(constDef)) {
            throw new ThriftIdlException(constDef.value().position(),
                "constant '" + constDef.name() + "' refers to itself");
        }
        Value value = coerce(owner.get(constDef), constDef.value(), type);
        resolving.remove(constDef);
        return value;
    }

    private Value coerce(SourceFile file, ConstValue value, Type type) {
        if (value instanceof ConstValue.Identifier identifier) {
            return reference(file, identifier, type);
        }
        if (type instanceof Type.Base base) {
            return coerceBase(value, base.kind(), type);
        }
        if (type instanceof Type.EnumRef enumRef && value instanceof ConstValue.IntLiteral literal) {
            for (EnumValue enumValue : enumRef.enumType().values()) {
                if (enumValue.value() == literal.value()) {
                    return new Value.EnumConst(enumRef.enumType(), enumValue);
                }
            }
            throw new ThriftIdlException(value.position(),
                "integer " + literal.value() + " is not a value of enum '" + enumRef.enumType().name() + "'");
        }
        if ((type instanceof Type.ListOf || type instanceof Type.SetOf) && value instanceof ConstValue.ListLiteral list) {
            Type element = type instanceof Type.ListOf l ? l.element() : ((Type.SetOf) type).element();
            List<Value> elements = new ArrayList<>();
            for (ConstValue e : list.elements()) {
                elements.add(coerce(file, e, element));
            }
            return new Value.ListOf(elements);
        }
        if (type instanceof Type.MapOf map && value instanceof ConstValue.MapLiteral literal) {
            List<Value.Entry> entries = new ArrayList<>();
            for (ConstValue.Entry entry : literal.entries()) {
                entries.add(new Value.Entry(coerce(file, entry.key(), map.key()), coerce(file, entry.value(), map.value())));
            }
            return new Value.MapOf(entries);
        }
        if (type instanceof Type.StructRef ref && value instanceof ConstValue.MapLiteral literal) {
            List<ResolvedField> fields = structFields(ref.struct());
            List<Value.FieldValue> values = new ArrayList<>();
            for (ConstValue.Entry entry : literal.entries()) {
                if (!(entry.key() instanceof ConstValue.StringLiteral key)) {
                    throw new ThriftIdlException(entry.key().position(),
                        describe(entry.key()) + " is not a field name of '" + ref.struct().name() + "'");
                }
                ResolvedField field = fields.stream().filter(f -> f.name().equals(key.value())).findFirst()
                    .orElseThrow(() -> new ThriftIdlException(entry.key().position(),
                        "'" + ref.struct().name() + "' has no field '" + key.value() + "'"));
                values.add(new Value.FieldValue(field, coerce(file, entry.value(), field.type())));
            }
            checkStructValue(ref.struct(), values, value.position());
            return new Value.StructOf(ref.struct(), values);
        }
        throw mismatch(value, type);
    }

    private static void checkStructValue(ResolvedStruct struct, List<Value.FieldValue> values, Position at) {
        if (struct.kind() == StructKind.UNION) {
            if (values.size() != 1) {
                throw new ThriftIdlException(at, "a value of union '" + struct.name() + "' sets " + values.size()
                    + " fields, expected exactly one");
            }
            return;
        }
        for (ResolvedField field : struct.fields()) {
            if (field.requiredness() == Requiredness.REQUIRED
                && values.stream().noneMatch(v -> v.field() == field)) {
                throw new ThriftIdlException(at, "a value of '" + struct.name() + "' lacks required field '"
                    + field.name() + "'");
            }
        }
    }

    private static ThriftIdlException mismatch(ConstValue value, Type type) {
        return new ThriftIdlException(value.position(), describe(value) + " cannot be assigned to " + type);
    }

    private static String describe(ConstValue value) {
        if (value instanceof ConstValue.IntLiteral v) {
            return "integer " + v.value();
        }
        if (value instanceof ConstValue.DoubleLiteral v) {
            return "number " + v.value();
        }
        if (value instanceof ConstValue.StringLiteral v) {
            return "string \"" + v.value() + "\"";
        }
        if (value instanceof ConstValue.BoolLiteral v) {
            return String.valueOf(v.value());
        }
        if (value instanceof ConstValue.ListLiteral) {
            return "a list";
        }
        if (value instanceof ConstValue.MapLiteral) {
            return "a map";
        }
        return "'" + ((ConstValue.Identifier) value).name() + "'";
    }

    private Value coerceBase(ConstValue value, BaseType kind, Type type) {
        switch (kind) {
            case BOOL:
                if (value instanceof ConstValue.BoolLiteral bool) {
                    return new Value.Bool(bool.value());
                }
                if (value instanceof ConstValue.IntLiteral i && (i.value() == 0 || i.value() == 1)) {
                    return new Value.Bool(i.value() == 1);
                }
                break;
            case I8:
            case I16:
            case I32:
            case I64:
                if (value instanceof ConstValue.IntLiteral i) {
                    return integer(i.value(), kind, value);
                }
                break;
            case DOUBLE:
                if (value instanceof ConstValue.IntLiteral i) {
                    return new Value.Real(i.value());
                }
                if (value instanceof ConstValue.DoubleLiteral d) {
                    return new Value.Real(d.value());
                }
                break;
            case UUID:
                if (value instanceof ConstValue.StringLiteral s) {
                    try {
                        java.util.UUID uuid = java.util.UUID.fromString(s.value());
                        if (uuid.toString().equalsIgnoreCase(s.value())) {
                            return new Value.Str(uuid.toString());
                        }
                    } catch (IllegalArgumentException ignored) {
                        // reported below
                    }
                    throw new ThriftIdlException(value.position(), describe(value) + " is not a UUID");
                }
                break;
            default:
                if (value instanceof ConstValue.StringLiteral s) {
                    return new Value.Str(s.value());
                }
                break;
        }
        throw mismatch(value, type);
    }

    private static Value integer(long value, BaseType kind, ConstValue at) {
        long min;
        long max;
        switch (kind) {
            case I8:
                min = Byte.MIN_VALUE;
                max = Byte.MAX_VALUE;
                break;
            case I16:
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
                break;
            case I32:
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
                break;
            default:
                min = Long.MIN_VALUE;
                max = Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            throw new ThriftIdlException(at.position(), "integer " + value + " is out of range for " + kind.idlName());
        }
        return new Value.Int(value);
    }

    private Value reference(SourceFile file, ConstValue.Identifier identifier, Type type) {
        String name = identifier.name();
        Definition definition = lookup(file, name);
        if (definition instanceof ConstDef constDef) {
            SourceFile constFile = owner.get(constDef);
            resolveType(constFile, constDef.type());
            if (!resolving.add(constDef)) {
                throw new ThriftIdlException(identifier.position(), "constant '" + constDef.name() + "' refers to itself");
            }
            Value value = coerce(constFile, constDef.value(), type);
            resolving.remove(constDef);
            return value;
        }
        int dot = name.lastIndexOf('.');
        Definition enumDef = dot > 0 ? lookup(file, name.substring(0, dot)) : null;
        if (enumDef instanceof TypedefDef typedef && typedefType(typedef) instanceof Type.EnumRef ref) {
            enumDef = ref.enumType().def();
        }
        if (!(enumDef instanceof EnumDef)) {
            throw new ThriftIdlException(identifier.position(), "unknown constant or enum value '" + name + "'");
        }
        ResolvedEnum resolved = enums.get(enumDef);
        EnumValue enumValue = resolved.def().value(name.substring(dot + 1));
        if (enumValue == null) {
            throw new ThriftIdlException(identifier.position(),
                "enum '" + resolved.name() + "' has no value '" + name.substring(dot + 1) + "'");
        }
        if (type instanceof Type.EnumRef ref && ref.enumType() == resolved) {
            return new Value.EnumConst(resolved, enumValue);
        }
        if (type instanceof Type.Base base && base.kind().ordinal() >= BaseType.I8.ordinal()
            && base.kind().ordinal() <= BaseType.I64.ordinal()) {
            return integer(enumValue.value(), base.kind(), identifier);
        }
        throw mismatch(identifier, type);
    }

    /**
     * The {@code streaming.mode} of a method, or {@code null} when it has none, checked as Kitex
     * checks it: one struct argument, a struct result, no {@code throws}, not oneway (reference §5.1:
     * the structs travel alone as Thrift over gRPC).
     */
    private static StreamingMode streamingMode(MethodDef method, Type returnType, List<ResolvedField> params) {
        Annotations.Annotation annotation = null;
        for (Annotations.Annotation a : method.annotations().list()) {
            if (a.key().equals(StreamingMode.ANNOTATION)) {
                annotation = a;
            }
        }
        if (annotation == null) {
            return null;
        }
        StreamingMode mode = StreamingMode.of(annotation.value());
        if (mode == null) {
            throw new ThriftIdlException(annotation.position(), StreamingMode.ANNOTATION + " \"" + annotation.value()
                + "\" of method '" + method.name() + "', expected one of " + String.join(", ", StreamingMode.idlNames()));
        }
        String where = "streaming method '" + method.name() + "'";
        if (method.oneway()) {
            throw new ThriftIdlException(method.position(), where + " cannot be oneway");
        }
        if (params.size() != 1 || !(params.get(0).type() instanceof Type.StructRef)) {
            throw new ThriftIdlException(method.position(), where + " must take exactly one struct argument");
        }
        if (!(returnType instanceof Type.StructRef)) {
            throw new ThriftIdlException(method.position(), where + " must return a struct");
        }
        if (!method.throwsList().isEmpty()) {
            throw new ThriftIdlException(method.position(), where + " cannot throw exceptions");
        }
        return mode;
    }
}
