package io.cloudwego.kitex.codegen.protobuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the {@code FileDescriptorSet} that {@code protoc --descriptor_set_out=FILE --include_imports}
 * writes: the files, messages, enums and services the generator needs, with the Java options and,
 * when protoc also had {@code --include_source_info}, the comments of services and methods.
 *
 * <p>It decodes the few fields of {@code descriptor.proto} it needs itself, so kitex-codegen depends
 * on nothing but the JDK; every other field is skipped.
 */
public final class DescriptorSet {
    /** {@code Edition.EDITION_2023}; later editions change the Java naming rules. */
    private static final int EDITION_2023 = 1000;

    private final Path path;
    private final List<ProtoFile> files;
    private final Map<String, ProtoFile> byName = new HashMap<>();

    private DescriptorSet(Path path, List<ProtoFile> files) {
        this.path = path;
        this.files = List.copyOf(files);
        for (ProtoFile file : files) {
            byName.put(file.name(), file);
        }
        for (ProtoFile file : files) {
            for (String dependency : file.dependencies()) {
                if (!byName.containsKey(dependency)) {
                    throw error(file.name() + " imports " + dependency + ", which the set does not hold:"
                        + " write it with protoc --include_imports");
                }
            }
        }
    }

    /**
     * Reads the descriptor set at {@code path}.
     *
     * @throws ProtoDescriptorException if it is not a descriptor set the generator can use
     * @throws UncheckedIOException if it cannot be read
     */
    public static DescriptorSet read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return parse(path, bytes);
    }

    /** Reads a descriptor set from its bytes; {@code path} names it in errors. */
    public static DescriptorSet parse(Path path, byte[] bytes) {
        List<ProtoFile> files = new ArrayList<>();
        try {
            WireReader set = new WireReader(bytes);
            while (set.next()) {
                if (set.field() == 1) {
                    files.add(file(path, set.message()));
                } else {
                    set.skip();
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ProtoDescriptorException(path + ": not a FileDescriptorSet (" + e.getMessage() + ")", e);
        }
        return new DescriptorSet(path, files);
    }

    /** Where the set was read from. */
    public Path path() {
        return path;
    }

    /** Every file, in the set's order (protoc writes imported files before their importers). */
    public List<ProtoFile> files() {
        return files;
    }

    /** The file named {@code name} ({@code dir/file.proto}), or {@code null}. */
    public ProtoFile file(String name) {
        return byName.get(name);
    }

    /** An error about this set. */
    public ProtoDescriptorException error(String problem) {
        return new ProtoDescriptorException(path + ": " + problem);
    }

    private static ProtoFile file(Path path, WireReader in) {
        String name = "";
        String pkg = "";
        List<String> dependencies = new ArrayList<>();
        List<ProtoMessage> messages = new ArrayList<>();
        List<String> enums = new ArrayList<>();
        List<WireReader> services = new ArrayList<>();
        String javaPackage = null;
        String outerClassname = null;
        boolean multipleFiles = false;
        Map<List<Integer>, String> comments = new LinkedHashMap<>();
        int edition = 0;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> name = in.string();
                case 2 -> pkg = in.string();
                case 3 -> dependencies.add(in.string());
                case 4 -> messages.add(message(in.message()));
                case 5 -> enums.add(name(in.message()));
                case 6 -> services.add(in.message());
                case 8 -> {
                    WireReader options = in.message();
                    while (options.next()) {
                        switch (options.field()) {
                            case 1 -> javaPackage = options.string();
                            case 8 -> outerClassname = options.string();
                            case 10 -> multipleFiles = options.bool();
                            default -> options.skip();
                        }
                    }
                }
                case 9 -> comments(in.message(), comments);
                case 14 -> edition = in.int32();
                default -> in.skip();
            }
        }
        if (edition > EDITION_2023) {
            throw new ProtoDescriptorException(path + ": " + name + " uses an edition after 2023 (" + edition
                + "), whose Java names kitex-codegen does not know yet");
        }
        List<ProtoService> resolved = new ArrayList<>();
        for (int s = 0; s < services.size(); s++) {
            resolved.add(service(services.get(s), s, comments));
        }
        return new ProtoFile(name, pkg, dependencies, javaPackage, outerClassname, multipleFiles, messages, enums,
            resolved);
    }

    private static String name(WireReader in) {
        String name = "";
        while (in.next()) {
            if (in.field() == 1) {
                name = in.string();
            } else {
                in.skip();
            }
        }
        return name;
    }

    private static ProtoMessage message(WireReader in) {
        String name = "";
        List<ProtoMessage> nested = new ArrayList<>();
        List<String> enums = new ArrayList<>();
        while (in.next()) {
            switch (in.field()) {
                case 1 -> name = in.string();
                case 3 -> nested.add(message(in.message()));
                case 4 -> enums.add(name(in.message()));
                default -> in.skip();
            }
        }
        return new ProtoMessage(name, nested, enums);
    }

    /** Service {@code index}; its comments are at path [6, index] and its methods' at [6, index, 2, m]. */
    private static ProtoService service(WireReader in, int index, Map<List<Integer>, String> comments) {
        String name = "";
        List<ProtoMethod> methods = new ArrayList<>();
        while (in.next()) {
            switch (in.field()) {
                case 1 -> name = in.string();
                case 2 -> methods.add(method(in.message(), comments.get(List.of(6, index, 2, methods.size()))));
                default -> in.skip();
            }
        }
        return new ProtoService(name, methods, comments.get(List.of(6, index)));
    }

    private static ProtoMethod method(WireReader in, String comment) {
        String name = "";
        String input = "";
        String output = "";
        boolean clientStreaming = false;
        boolean serverStreaming = false;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> name = in.string();
                case 2 -> input = in.string();
                case 3 -> output = in.string();
                case 5 -> clientStreaming = in.bool();
                case 6 -> serverStreaming = in.bool();
                default -> in.skip();
            }
        }
        return new ProtoMethod(name, input, output, clientStreaming, serverStreaming, comment);
    }

    /** The leading comments of {@code SourceCodeInfo}'s locations, by path. */
    private static void comments(WireReader in, Map<List<Integer>, String> comments) {
        while (in.next()) {
            if (in.field() != 1) {
                in.skip();
                continue;
            }
            WireReader location = in.message();
            List<Integer> path = new ArrayList<>();
            String leading = null;
            while (location.next()) {
                switch (location.field()) {
                    case 1 -> path.addAll(location.int32s());
                    case 3 -> leading = location.string();
                    default -> location.skip();
                }
            }
            if (leading != null && !leading.isBlank()) {
                comments.put(List.copyOf(path), leading.lines().map(l -> l.startsWith(" ") ? l.substring(1) : l)
                    .map(String::stripTrailing).collect(Collectors.joining("\n")).strip());
            }
        }
    }
}
