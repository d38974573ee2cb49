package io.cloudwego.kitex.maven;

import io.cloudwego.kitex.codegen.ProtobufCompiler;
import io.cloudwego.kitex.codegen.ThriftCompiler;
import io.cloudwego.kitex.codegen.protobuf.DescriptorSet;
import io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException;
import io.cloudwego.kitex.codegen.thrift.Program;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One run of the code generator that does nothing when its inputs are unchanged. When something
 * changed it generates every file again, leaves files whose content is the same untouched, and
 * removes the files an earlier generation wrote that are no longer generated.
 *
 * @param inputs the Thrift IDL files to compile
 * @param includePaths where includes not found beside their includer are looked up
 * @param packageName the package of every generated type, or {@code null} for {@code namespace java}
 *     (Thrift) and {@code java_package} (Protobuf)
 * @param fallbackPackage the package of Thrift files without a Java namespace, or {@code null}
 * @param protoDescriptorSet the descriptor set protoc wrote for the {@code .proto} files, or
 *     {@code null} when there are none
 * @param protoFiles the {@code .proto} files whose services to generate, named as in the descriptor set
 * @param outputDirectory the root of the generated sources
 * @param generator what identifies the code generator, so that a new one generates again
 */
record Generation(List<Path> inputs, List<Path> includePaths, String packageName, String fallbackPackage,
                  Path protoDescriptorSet, List<String> protoFiles, Path outputDirectory, String generator) {

    Generation {
        inputs = inputs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        includePaths = includePaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        protoDescriptorSet = protoDescriptorSet == null ? null : protoDescriptorSet.toAbsolutePath().normalize();
        protoFiles = List.copyOf(protoFiles);
        outputDirectory = outputDirectory.toAbsolutePath().normalize();
    }

    /**
     * What a run did.
     *
     * @param reason why it generated, or {@code null} if everything was up to date
     * @param written the generated files (all of them, also those whose content did not change)
     * @param removed the files of an earlier generation that were deleted
     */
    record Outcome(String reason, List<Path> written, List<Path> removed) {
        boolean upToDate() {
            return reason == null;
        }
    }

    /**
     * Generates unless the last generation in the output directory had the same configuration and
     * read and wrote files with the same content.
     *
     * @throws io.cloudwego.kitex.codegen.thrift.ThriftIdlException on bad IDL (generated files are left as they were)
     * @throws io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException on a descriptor set that
     *     cannot be generated from (generated files are left as they were)
     */
    Outcome run() throws IOException {
        String config = configDigest();
        Stamp previous = Stamp.read(outputDirectory);
        String reason = previous == null ? "no earlier generation" : previous.staleness(config, outputDirectory);
        if (reason == null) {
            return new Outcome(null, List.of(), List.of());
        }
        Stamp.delete(outputDirectory);
        if (inputs.isEmpty() && protoDescriptorSet == null) {
            return new Outcome(reason, List.of(), removeGeneratedExcept(Set.of()));
        }
        Map<Path, String> idl = new LinkedHashMap<>();
        Map<String, String> thriftSources = Map.of();
        ThriftCompiler thrift = null;
        if (!inputs.isEmpty()) {
            thrift = thriftCompiler();
            Program program = thrift.load();
            thriftSources = thrift.generate(program);
            for (SourceFile file : program.files()) {
                Path path = file.path().toAbsolutePath().normalize();
                idl.put(path, Stamp.digestOf(path));
            }
        }
        Map<String, String> protoSources = Map.of();
        ProtobufCompiler proto = null;
        if (protoDescriptorSet != null) {
            proto = protobufCompiler();
            protoSources = proto.generate(loadDescriptorSet(proto));
            idl.put(protoDescriptorSet, Stamp.digestOf(protoDescriptorSet));
            for (String path : protoSources.keySet()) {
                if (thriftSources.containsKey(path)) {
                    throw new ProtoDescriptorException("both Thrift IDL and " + protoDescriptorSet + " generate " + path);
                }
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            if (thrift != null) {
                written.addAll(thrift.write(thriftSources));
            }
            if (proto != null) {
                written.addAll(proto.write(protoSources));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Map<String, String> outputs = new TreeMap<>();
        outputs.putAll(thriftSources);
        outputs.putAll(protoSources);
        List<Path> removed = removeGeneratedExcept(outputs.keySet());
        outputs.replaceAll((path, content) -> Stamp.digest(content.getBytes(StandardCharsets.UTF_8)));
        new Stamp(config, idl, outputs).write(outputDirectory);
        return new Outcome(reason, written, removed);
    }

    private static DescriptorSet loadDescriptorSet(ProtobufCompiler compiler) throws IOException {
        try {
            return compiler.load();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private ProtobufCompiler protobufCompiler() {
        ProtobufCompiler.Builder builder = ProtobufCompiler.builder()
            .descriptorSet(protoDescriptorSet)
            .packageOverride(packageName)
            .outputDirectory(outputDirectory);
        protoFiles.forEach(builder::file);
        return builder.build();
    }

    private ThriftCompiler thriftCompiler() {
        ThriftCompiler.Builder builder = ThriftCompiler.builder()
            .packageOverride(packageName)
            .fallbackPackage(fallbackPackage)
            .outputDirectory(outputDirectory);
        inputs.forEach(builder::input);
        includePaths.forEach(builder::includePath);
        return builder.build();
    }

    private String configDigest() {
        StringBuilder config = new StringBuilder();
        inputs.forEach(p -> config.append("input ").append(p).append('\n'));
        includePaths.forEach(p -> config.append("include ").append(p).append('\n'));
        config.append("descriptor set ").append(protoDescriptorSet).append('\n');
        protoFiles.forEach(p -> config.append("proto ").append(p).append('\n'));
        config.append("package ").append(packageName).append('\n')
            .append("fallback ").append(fallbackPackage).append('\n')
            .append("generator ").append(generator).append('\n');
        return Stamp.digest(config.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes the files under the output directory that kitex-codegen generated (their first line says
     * so) and whose relative path is not in {@code keep}, then the directories that leaves empty.
     */
    private List<Path> removeGeneratedExcept(Set<String> keep) throws IOException {
        if (!Files.isDirectory(outputDirectory)) {
            return List.of();
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.walk(outputDirectory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = outputDirectory.relativize(file).toString().replace('\\', '/');
                if (!keep.contains(relative) && isGenerated(file)) {
                    stale.add(file);
                }
            }
        }
        for (Path file : stale) {
            Files.delete(file);
            Path dir = file.getParent();
            while (!dir.equals(outputDirectory) && isEmptyDirectory(dir)) {
                Files.delete(dir);
                dir = dir.getParent();
            }
        }
        Collections.sort(stale);
        return stale;
    }

    private static boolean isGenerated(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".java")) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            return first != null && first.startsWith(ThriftCompiler.GENERATED_MARKER);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Identifies the kitex-codegen on the class path by its class files (names and content), so that a
     * changed code generator, even of the same snapshot version, generates again, and a jar rebuilt from
     * the same classes does not.
     */
    static String codegenFingerprint() throws IOException {
        try {
            return classesFingerprint(
                Path.of(ThriftCompiler.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate kitex-codegen", e);
        }
    }

    /** A digest of the names and content of the class files of a jar or a directory. */
    static String classesFingerprint(Path location) throws IOException {
        Map<String, String> classes = new TreeMap<>();
        if (Files.isRegularFile(location)) {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(entry.getName(), Stamp.digest(in.readAllBytes()));
                        }
                    }
                }
            }
        } else {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    classes.put(location.relativize(file).toString().replace('\\', '/'), Stamp.digestOf(file));
                }
            }
        }
        return Stamp.digest(classes.toString().getBytes(StandardCharsets.UTF_8));
    }
}
