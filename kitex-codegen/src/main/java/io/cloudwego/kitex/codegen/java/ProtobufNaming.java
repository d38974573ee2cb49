package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.protobuf.DescriptorSet;
import io.cloudwego.kitex.codegen.protobuf.ProtoFile;
import io.cloudwego.kitex.codegen.protobuf.ProtoMessage;
import io.cloudwego.kitex.codegen.protobuf.ProtoMethod;
import io.cloudwego.kitex.codegen.protobuf.ProtoService;
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
 * The Java names of a descriptor set: the classes protoc's Java generator makes for its messages
 * (following {@code java_package}, {@code java_outer_classname} and {@code java_multiple_files}), and
 * the names of the classes, methods and constants generated for its services, which step aside
 * ({@code _} appended) for protoc's classes and for each other.
 */
final class ProtobufNaming {
    /** The class protoc generates for a message: a top-level class, and the path of nested classes inside it. */
    record MessageClass(String topLevel, String nested) {
        /** The class as written in {@code f}. */
        String in(JavaFile f) {
            return f.t(topLevel) + nested;
        }
    }

    /**
     * The Java names of one service.
     *
     * @param methods each method's Java name
     * @param constants each method's descriptor constant in the descriptor class
     * @param codecs the message codec constant in the descriptor class of each message type the service
     *     uses, by full name ({@code .pkg.Message}), in the order of first use
     */
    record ServiceNames(String packageName, String serviceClass, String descriptorClass, String clientClass,
                        Map<ProtoMethod, String> methods, Map<ProtoMethod, String> constants,
                        Map<String, String> codecs) {
    }

    private static final Set<String> CLIENT_MEMBERS = Set.of("async", "kitexClient", "close", "builder");

    private final DescriptorSet set;
    private final Map<String, MessageClass> messages = new HashMap<>();
    private final Map<ProtoFile, String> javaPackages = new IdentityHashMap<>();
    private final Map<String, Set<String>> packageTypes = new HashMap<>();
    private final Map<String, Set<String>> takenIgnoringCase = new HashMap<>();
    private final Map<ProtoService, ServiceNames> services = new IdentityHashMap<>();

    /**
     * @param generated the files whose services are generated, in order
     * @param packageOverride the package of the generated classes, or {@code null} for each file's Java package
     */
    ProtobufNaming(DescriptorSet set, List<ProtoFile> generated, String packageOverride) {
        this.set = set;
        for (ProtoFile file : set.files()) {
            String pkg = file.javaPackage() != null ? file.javaPackage() : file.protoPackage();
            javaPackages.put(file, pkg);
            String outer = outerClassName(file);
            claim(pkg, outer);
            String prefix = file.protoPackage().isEmpty() ? "." : "." + file.protoPackage() + ".";
            for (ProtoMessage message : file.messages()) {
                MessageClass top = file.javaMultipleFiles() ? new MessageClass(qualify(pkg, message.name()), "")
                    : new MessageClass(qualify(pkg, outer), "." + message.name());
                index(prefix + message.name(), message, top);
                if (file.javaMultipleFiles()) {
                    claim(pkg, message.name());
                    claim(pkg, message.name() + "OrBuilder");
                }
            }
            if (file.javaMultipleFiles()) {
                file.enums().forEach(e -> claim(pkg, e));
            }
        }
        for (ProtoFile file : generated) {
            String pkg = packageOverride != null ? packageOverride : javaPackages.get(file);
            if (pkg.isEmpty() && !file.services().isEmpty()) {
                throw set.error(file.name() + " has neither java_package nor package, and generated classes need"
                    + " a package: give it one, or set the package of the generated classes");
            }
            for (ProtoService service : file.services()) {
                String serviceClass = claimSuffixed(pkg, Naming.KEYWORDS.contains(service.name())
                    ? service.name() + "_" : service.name());
                Set<String> constants = new HashSet<>();
                Map<ProtoMethod, String> methodConstants = new IdentityHashMap<>();
                for (ProtoMethod method : service.methods()) {
                    methodConstants.put(method, Naming.unique(Naming.upperSnake(method.name()), constants));
                }
                Map<String, String> codecs = new LinkedHashMap<>();
                for (ProtoMethod method : service.methods()) {
                    for (String type : List.of(method.inputType(), method.outputType())) {
                        checkMessage(type, method);
                        if (!codecs.containsKey(type)) {
                            String simple = type.substring(type.lastIndexOf('.') + 1);
                            codecs.put(type, Naming.unique(Naming.upperSnake(simple) + "_CODEC", constants));
                        }
                    }
                }
                services.put(service, new ServiceNames(pkg, serviceClass,
                    claimSuffixed(pkg, serviceClass + "Descriptor"), claimSuffixed(pkg, serviceClass + "Client"),
                    methodNames(service), methodConstants, codecs));
            }
        }
    }

    private void index(String fullName, ProtoMessage message, MessageClass javaClass) {
        messages.put(fullName, javaClass);
        for (ProtoMessage nested : message.nested()) {
            index(fullName + "." + nested.name(), nested,
                new MessageClass(javaClass.topLevel(), javaClass.nested() + "." + nested.name()));
        }
    }

    private static String qualify(String pkg, String name) {
        return pkg.isEmpty() ? name : pkg + "." + name;
    }

    private void claim(String pkg, String name) {
        packageTypes.computeIfAbsent(pkg, k -> new TreeSet<>()).add(name);
        takenIgnoringCase.computeIfAbsent(pkg, k -> new HashSet<>()).add(name.toLowerCase(Locale.ROOT));
    }

    /** {@code name}, or {@code name_}, {@code name__}, … : the first no class of {@code pkg} has, ignoring case. */
    private String claimSuffixed(String pkg, String name) {
        Set<String> taken = takenIgnoringCase.getOrDefault(pkg, Set.of());
        while (taken.contains(name.toLowerCase(Locale.ROOT))) {
            name += "_";
        }
        claim(pkg, name);
        return name;
    }

    private static Map<ProtoMethod, String> methodNames(ProtoService service) {
        Set<String> used = new HashSet<>(Naming.OBJECT_METHODS);
        used.addAll(CLIENT_MEMBERS);
        Map<ProtoMethod, String> names = new IdentityHashMap<>();
        for (ProtoMethod method : service.methods()) {
            String name = lowerCamel(method.name());
            names.put(method, Naming.unique(Naming.KEYWORDS.contains(name) ? name + "_" : name, used));
        }
        return names;
    }

    /** A method name as grpc-java writes it: first letter lower case, {@code _x} becomes {@code X}. */
    static String lowerCamel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i > 0) {
                upper = true;
            } else {
                out.append(i == 0 ? Character.toLowerCase(c) : upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /**
     * The outer class protoc generates for {@code file}: {@code java_outer_classname}, else the file's
     * base name in camel case, with {@code OuterClass} appended when a type of the file has that name.
     */
    static String outerClassName(ProtoFile file) {
        if (file.javaOuterClassname() != null) {
            return file.javaOuterClassname();
        }
        String base = file.name().substring(file.name().lastIndexOf('/') + 1);
        String name = protocCamel(base.endsWith(".proto") ? base.substring(0, base.length() - 6) : base);
        return declares(file, name) ? name + "OuterClass" : name;
    }

    private static boolean declares(ProtoFile file, String name) {
        return file.enums().contains(name) || file.services().stream().anyMatch(s -> s.name().equals(name))
            || file.messages().stream().anyMatch(m -> declares(m, name));
    }

    private static boolean declares(ProtoMessage message, String name) {
        return message.name().equals(name) || message.enums().contains(name)
            || message.nested().stream().anyMatch(m -> declares(m, name));
    }

    /**
     * A file base name in camel case as protoc's Java generator makes it: letters after a digit or
     * after a character that is neither letter nor digit become upper case, those characters are
     * dropped, and the first letter is upper case.
     */
    private static String protocCamel(String base) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : base.toCharArray()) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (letter) {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else if (c >= '0' && c <= '9') {
                out.append(c);
                upper = true;
            } else {
                upper = true;
            }
        }
        return out.toString();
    }

    /** Fails unless {@code fullName}, a type {@code user} uses, is a message of the set with a Java package. */
    private void checkMessage(String fullName, ProtoMethod user) {
        MessageClass found = messages.get(fullName);
        if (found == null) {
            throw set.error("the type " + fullName + " of rpc " + user.name() + " is not a message of the set");
        }
        if (!found.topLevel().contains(".")) {
            throw set.error("the message " + fullName + " is in Java's unnamed package, which generated code"
                + " cannot import: give its file a java_package");
        }
    }

    /** The protoc-generated class of the message {@code fullName} ({@code .pkg.Message}), which a generated service uses. */
    MessageClass message(String fullName) {
        return messages.get(fullName);
    }

    ServiceNames service(ProtoService service) {
        return services.get(service);
    }

    /** The simple names of the top-level classes of {@code pkg}: protoc's and the generated ones. */
    Set<String> packageTypes(String pkg) {
        return packageTypes.getOrDefault(pkg, Set.of());
    }
}
