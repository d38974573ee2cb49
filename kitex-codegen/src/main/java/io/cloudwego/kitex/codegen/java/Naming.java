package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.Definition;
import io.cloudwego.kitex.codegen.thrift.Program;
import io.cloudwego.kitex.codegen.thrift.Requiredness;
import io.cloudwego.kitex.codegen.thrift.ResolvedConst;
import io.cloudwego.kitex.codegen.thrift.ResolvedEnum;
import io.cloudwego.kitex.codegen.thrift.ResolvedField;
import io.cloudwego.kitex.codegen.thrift.ResolvedMethod;
import io.cloudwego.kitex.codegen.thrift.ResolvedService;
import io.cloudwego.kitex.codegen.thrift.ResolvedStruct;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import io.cloudwego.kitex.codegen.thrift.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every Java name the generator uses for an IDL element, decided once for the whole program so that
 * each file agrees with the others. A name that is a Java keyword, that would clash with a generated
 * member, or that another IDL name already maps to gets {@code _} appended until it is free;
 * elements are visited in IDL order, so the result is deterministic.
 */
final class Naming {
    static final Set<String> KEYWORDS = Set.of(
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
        "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
        "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
        "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
        "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
        "record", "yield", "sealed", "permits", "non-sealed", "_");

    /** Simple names of JDK and kitex-core types that generated code mentions. */
    static final Set<String> LIBRARY_TYPES = Set.of(
        "String", "Object", "Integer", "Long", "Short", "Byte", "Double", "Boolean", "Override", "SuppressWarnings",
        "Void", "IllegalStateException", "IllegalArgumentException", "Objects", "Collections", "Collectors", "List",
        "Set", "Map", "ArrayList", "LinkedHashSet", "LinkedHashMap", "ByteBuffer", "UUID", "StandardCharsets",
        "CompletableFuture", "Stream", "ThriftCodec", "ThriftReader", "ThriftWriter", "ThriftType",
        "ProtocolException", "IdlException", "RemoteApplicationException", "MethodDescriptor", "ServiceDescriptor",
        "ResultCodec", "KitexClient", "AutoCloseable", "Entry", "Builder", "Async", "Kind");

    /** Local variable and parameter names generated code declares; types must not be named so. */
    static final Set<String> LOCALS = Set.of("out", "in", "value", "type", "that", "o", "service", "args", "client",
        "from", "success", "error", "setKind", "setValue", "x0", "y0", "builder");

    static final Set<String> OBJECT_METHODS = Set.of("getClass", "hashCode", "equals", "toString", "notify",
        "notifyAll", "wait", "clone", "finalize");
    private static final Set<String> THROWABLE_METHODS = Set.of("getMessage", "getLocalizedMessage", "getCause",
        "initCause", "fillInStackTrace", "getStackTrace", "setStackTrace", "printStackTrace", "addSuppressed",
        "getSuppressed", "serialVersionUID");

    /** The Java names of one struct field. */
    record FieldNames(String name, String has, String raw) {
    }

    /** The Java names of one service method; {@code constant} is its MethodDescriptor in the declaring service. */
    record MethodNames(String name, String constant, String argsRecord, List<String> params) {
    }

    private final String packageOverride;
    private final String fallbackPackage;
    private final Map<SourceFile, String> packages = new IdentityHashMap<>();
    private final Map<Object, String> classNames = new IdentityHashMap<>();
    private final Map<SourceFile, String> constantsClasses = new IdentityHashMap<>();
    private final Map<ResolvedService, String> descriptorClasses = new IdentityHashMap<>();
    private final Map<ResolvedService, String> clientClasses = new IdentityHashMap<>();
    private final Map<String, Set<String>> packageTypes = new HashMap<>();
    private final Set<String> qualifiers = new HashSet<>(LIBRARY_TYPES);
    private final Map<ResolvedStruct, Map<String, FieldNames>> fieldNames = new IdentityHashMap<>();
    private final Map<ResolvedStruct, String> nestedNames = new IdentityHashMap<>();
    private final Map<ResolvedEnum, Map<String, String>> enumConstants = new IdentityHashMap<>();
    private final Map<SourceFile, Map<String, String>> constNames = new IdentityHashMap<>();
    private final Map<ResolvedService, Map<String, MethodNames>> methodNames = new IdentityHashMap<>();
    private final Map<ResolvedService, Map<ResolvedMethod, String>> descriptorConstants = new IdentityHashMap<>();
    private final Map<ResolvedService, Map<ResolvedStruct, String>> messageCodecs = new IdentityHashMap<>();

    Naming(Program program, String packageOverride, String fallbackPackage) {
        this.packageOverride = packageOverride;
        this.fallbackPackage = fallbackPackage;
        qualifiers.addAll(Set.of("java", "io"));
        Map<String, Set<String>> taken = new HashMap<>();
        for (SourceFile file : program.files()) {
            String pkg = packageOf(file);
            packages.put(file, pkg);
            qualifiers.add(pkg.split("\\.")[0]);
            for (Definition definition : file.document().definitions()) {
                Object element = element(file, definition);
                if (element != null) {
                    classNames.put(element, claimClass(taken, pkg, definition.name()));
                }
            }
        }
        for (SourceFile file : program.files()) {
            String pkg = packages.get(file);
            if (!file.consts().isEmpty()) {
                constantsClasses.put(file, claimClass(taken, pkg, camel(file.baseName()) + "Constants"));
            }
            for (ResolvedService service : file.services()) {
                descriptorClasses.put(service, claimClass(taken, pkg, classNames.get(service) + "Descriptor"));
                clientClasses.put(service, claimClass(taken, pkg, classNames.get(service) + "Client"));
            }
        }
        for (SourceFile file : program.files()) {
            for (ResolvedStruct struct : file.structs()) {
                nameFields(struct);
            }
            for (ResolvedEnum enumType : file.enums()) {
                Set<String> used = new HashSet<>(Set.of("value"));
                Map<String, String> names = new HashMap<>();
                for (Definition.EnumValue value : enumType.values()) {
                    names.put(value.name(), unique(member(value.name()), used));
                }
                enumConstants.put(enumType, names);
            }
            Set<String> used = new HashSet<>();
            Map<String, String> consts = new HashMap<>();
            for (ResolvedConst constant : file.consts()) {
                consts.put(constant.name(), unique(member(constant.name()), used));
            }
            constNames.put(file, consts);
        }
        for (SourceFile file : program.files()) {
            for (ResolvedService service : file.services()) {
                nameMethods(service);
            }
        }
    }

    private Object element(SourceFile file, Definition definition) {
        for (ResolvedStruct struct : file.structs()) {
            if (struct.def() == definition) {
                return struct;
            }
        }
        for (ResolvedEnum enumType : file.enums()) {
            if (enumType.def() == definition) {
                return enumType;
            }
        }
        for (ResolvedService service : file.services()) {
            if (service.def() == definition) {
                return service;
            }
        }
        return null;
    }

    private String packageOf(SourceFile file) {
        String pkg = packageOverride;
        if (pkg == null) {
            pkg = file.document().namespace("java");
        }
        if (pkg == null) {
            pkg = fallbackPackage;
        }
        if (pkg == null) {
            pkg = file.baseName().toLowerCase(Locale.ROOT);
        }
        return javaPackage(pkg);
    }

    /**
     * A dotted name made a valid Java package name: in each segment, characters other than ASCII
     * letters, digits and {@code _} become {@code _}, a leading digit or an empty segment gets a
     * {@code _} before it, and a keyword gets {@code _} after it.
     */
    static String javaPackage(String dotted) {
        List<String> segments = new ArrayList<>();
        for (String segment : dotted.split("\\.")) {
            String s = segment.replaceAll("[^A-Za-z0-9_]", "_");
            if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
                s = "_" + s;
            }
            segments.add(KEYWORDS.contains(s) ? s + "_" : s);
        }
        return String.join(".", segments);
    }

    private String claimClass(Map<String, Set<String>> taken, String pkg, String idlName) {
        Set<String> lower = taken.computeIfAbsent(pkg, k -> new HashSet<>());
        String name = idlName;
        if (KEYWORDS.contains(name) || LOCALS.contains(name) || name.startsWith("f_")) {
            name += "_";
        }
        while (lower.contains(name.toLowerCase(Locale.ROOT))) {
            name += "_";
        }
        lower.add(name.toLowerCase(Locale.ROOT));
        packageTypes.computeIfAbsent(pkg, k -> new TreeSet<>()).add(name);
        qualifiers.add(name);
        return name;
    }

    /**
     * An IDL name as a Java variable name (field, constant, parameter): keywords get {@code _}, and so
     * do names of types and first package segments, which a variable of that name would obscure in
     * expressions such as {@code Type.CODEC}.
     */
    String member(String idlName) {
        String name = keywordSafe(idlName);
        return qualifiers.contains(name) ? name + "_" : name;
    }

    /** An IDL name as a Java method name: only keywords get {@code _}. */
    private static String keywordSafe(String idlName) {
        String name = idlName.replace('.', '_');
        return KEYWORDS.contains(name) ? name + "_" : name;
    }

    static String unique(String name, Set<String> used) {
        while (used.contains(name)) {
            name += "_";
        }
        used.add(name);
        return name;
    }

    private void nameFields(ResolvedStruct struct) {
        String className = classNames.get(struct);
        Set<String> used = new HashSet<>(OBJECT_METHODS);
        used.addAll(Set.of("builder", "toBuilder", "CODEC", "kind", className));
        if (struct.kind() == Definition.StructKind.EXCEPTION) {
            used.addAll(THROWABLE_METHODS);
        }
        Map<String, FieldNames> names = new HashMap<>();
        for (ResolvedField field : struct.fields()) {
            String name = member(field.name());
            while (true) {
                String has = "has" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
                String raw = name + "Value";
                boolean isEnum = field.type() instanceof Type.EnumRef;
                if (!used.contains(name) && !used.contains(has) && !(isEnum && used.contains(raw))) {
                    used.add(name);
                    used.add(has);
                    if (isEnum) {
                        used.add(raw);
                    }
                    names.put(field.name(), new FieldNames(name, has, isEnum ? raw : null));
                    break;
                }
                name += "_";
            }
        }
        fieldNames.put(struct, names);
        String nested = struct.kind() == Definition.StructKind.UNION ? "Kind" : "Builder";
        nestedNames.put(struct, nested.equals(className) ? nested + "_" : nested);
    }

    private void nameMethods(ResolvedService service) {
        if (methodNames.containsKey(service)) {
            return;
        }
        Set<String> used = new HashSet<>(OBJECT_METHODS);
        used.addAll(Set.of("async", "kitexClient", "close", "builder", "DESCRIPTOR"));
        Set<String> constants = new HashSet<>(Set.of("DESCRIPTOR"));
        Map<ResolvedMethod, String> descriptorNames = new IdentityHashMap<>();
        if (service.parent() != null) {
            nameMethods(service.parent());
            for (ResolvedMethod inherited : service.parent().allMethods()) {
                used.add(methodNames(inherited).name());
                descriptorNames.put(inherited, unique(upperSnake(inherited.name()), constants));
            }
        }
        Map<String, MethodNames> names = new HashMap<>();
        Set<String> records = new HashSet<>(Set.of(descriptorClasses.get(service)));
        for (ResolvedMethod method : service.methods()) {
            String name = unique(keywordSafe(method.name()), used);
            String constant = upperSnake(method.name());
            while (constants.contains(constant) || constants.contains(constant + "_ARGS")
                || constants.contains(constant + "_RESULT")) {
                constant += "_";
            }
            constants.addAll(List.of(constant, constant + "_ARGS", constant + "_RESULT"));
            descriptorNames.put(method, constant);
            Set<String> paramsUsed = new HashSet<>(OBJECT_METHODS);
            List<String> params = new ArrayList<>();
            for (ResolvedField param : method.params()) {
                params.add(unique(member(param.name()), paramsUsed));
            }
            String record = unique(Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Args", records);
            names.put(method.name(), new MethodNames(name, constant, record, params));
        }
        methodNames.put(service, names);
        declaring.putAll(identity(service));
        descriptorConstants.put(service, descriptorNames);
        Map<ResolvedStruct, String> codecs = new LinkedHashMap<>();
        for (ResolvedMethod method : service.allMethods()) {
            if (method.streaming()) {
                for (Type type : List.of(method.params().get(0).type(), method.returnType())) {
                    ResolvedStruct struct = ((Type.StructRef) type).struct();
                    if (!codecs.containsKey(struct)) {
                        codecs.put(struct, unique(upperSnake(struct.name()) + "_CODEC", constants));
                    }
                }
            }
        }
        messageCodecs.put(service, codecs);
    }

    private final Map<ResolvedMethod, ResolvedService> declaring = new IdentityHashMap<>();

    private static Map<ResolvedMethod, ResolvedService> identity(ResolvedService service) {
        Map<ResolvedMethod, ResolvedService> map = new IdentityHashMap<>();
        for (ResolvedMethod method : service.methods()) {
            map.put(method, service);
        }
        return map;
    }

    static String upperSnake(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                || Character.isDigit(name.charAt(i - 1)))) {
                out.append('_');
            }
            out.append(c == '.' ? '_' : Character.toUpperCase(c));
        }
        return out.toString();
    }

    static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    String packageName(SourceFile file) {
        return packages.get(file);
    }

    Set<String> packageTypes(String pkg) {
        return packageTypes.getOrDefault(pkg, Set.of());
    }

    /** The simple class name of a struct, enum or service. */
    String className(Object element) {
        return classNames.get(element);
    }

    String qualified(ResolvedStruct struct) {
        return packages.get(struct.file()) + "." + classNames.get(struct);
    }

    String qualified(ResolvedEnum enumType) {
        return packages.get(enumType.file()) + "." + classNames.get(enumType);
    }

    String qualified(ResolvedService service) {
        return packages.get(service.file()) + "." + classNames.get(service);
    }

    String descriptorClass(ResolvedService service) {
        return packages.get(service.file()) + "." + descriptorClasses.get(service);
    }

    String clientClass(ResolvedService service) {
        return packages.get(service.file()) + "." + clientClasses.get(service);
    }

    /** The constants class of {@code file}, or {@code null} when it has no constants. */
    String constantsClass(SourceFile file) {
        String name = constantsClasses.get(file);
        return name == null ? null : packages.get(file) + "." + name;
    }

    FieldNames field(ResolvedStruct struct, ResolvedField field) {
        return fieldNames.get(struct).get(field.name());
    }

    /** The nested {@code Builder} (struct, exception) or {@code Kind} (union) type's name. */
    String nested(ResolvedStruct struct) {
        return nestedNames.get(struct);
    }

    String enumConstant(ResolvedEnum enumType, String valueName) {
        return enumConstants.get(enumType).get(valueName);
    }

    String constName(SourceFile file, String constName) {
        return constNames.get(file).get(constName);
    }

    MethodNames methodNames(ResolvedMethod method) {
        return methodNames.get(declaring.get(method)).get(method.name());
    }

    ResolvedService declaringService(ResolvedMethod method) {
        return declaring.get(method);
    }

    /** The MethodDescriptor constant of {@code method} in {@code service}'s descriptor class. */
    String descriptorConstant(ResolvedService service, ResolvedMethod method) {
        return descriptorConstants.get(service).get(method);
    }

    /**
     * The {@code MessageCodec} constants in {@code service}'s descriptor class of the structs its
     * streaming methods (inherited ones included) send and receive, in the order of first use.
     */
    Map<ResolvedStruct, String> messageCodecs(ResolvedService service) {
        return Collections.unmodifiableMap(messageCodecs.get(service));
    }

    /** Whether a struct field's Java value may be null (and has a {@code hasX()} method). */
    static boolean nullable(ResolvedField field) {
        switch (field.requiredness()) {
            case OPTIONAL:
                return true;
            case REQUIRED:
                return false;
            default:
                return !Types.isPrimitive(field.type());
        }
    }

    static boolean required(ResolvedField field) {
        return field.requiredness() == Requiredness.REQUIRED;
    }
}
