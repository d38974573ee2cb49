package io.cloudwego.kitex.codegen;

import io.cloudwego.kitex.codegen.java.JavaGenerator;
import io.cloudwego.kitex.codegen.thrift.IdlLoader;
import io.cloudwego.kitex.codegen.thrift.Program;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles Thrift IDL files, and every file they include, to Java sources for kitex-java.
 *
 * <pre>{@code
 * List<Path> written = ThriftCompiler.builder()
 *     .input(Path.of("src/main/thrift/echo.thrift"))
 *     .includePath(Path.of("src/main/thrift/common"))
 *     .outputDirectory(Path.of("target/generated-sources/kitex"))
 *     .build()
 *     .compile();
 * }</pre>
 */
public final class ThriftCompiler {
    private final List<Path> inputs;
    private final List<Path> includePaths;
    private final String packageOverride;
    private final String fallbackPackage;
    private final Path outputDirectory;

    private ThriftCompiler(Builder builder) {
        this.inputs = List.copyOf(builder.inputs);
        this.includePaths = List.copyOf(builder.includePaths);
        this.packageOverride = builder.packageOverride;
        this.fallbackPackage = builder.fallbackPackage;
        this.outputDirectory = builder.outputDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The IDL files loaded, resolved and checked.
     *
     * @throws io.cloudwego.kitex.codegen.thrift.ThriftIdlException on bad IDL
     */
    public Program load() {
        return IdlLoader.load(inputs, includePaths);
    }

    /**
     * The generated sources, by path relative to the output directory, without writing them.
     *
     * @throws io.cloudwego.kitex.codegen.thrift.ThriftIdlException on bad IDL
     */
    public Map<String, String> generate() {
        return new JavaGenerator(load(), packageOverride, fallbackPackage).generate();
    }

    /**
     * Generates and writes the sources under the output directory; a file whose content is already
     * the same is left untouched.
     *
     * @return the files written or already up to date, in path order
     * @throws io.cloudwego.kitex.codegen.thrift.ThriftIdlException on bad IDL
     * @throws UncheckedIOException if a file cannot be written
     */
    public List<Path> compile() {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : generate().entrySet()) {
            Path path = outputDirectory.resolve(file.getKey());
            try {
                Files.createDirectories(path.getParent());
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                if (!Files.exists(path) || !java.util.Arrays.equals(Files.readAllBytes(path), content)) {
                    Files.write(path, content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
            written.add(path);
        }
        return written;
    }

    /** Builds a {@link ThriftCompiler}. */
    public static final class Builder {
        private final List<Path> inputs = new ArrayList<>();
        private final List<Path> includePaths = new ArrayList<>();
        private String packageOverride;
        private String fallbackPackage;
        private Path outputDirectory;

        private Builder() {
        }

        /** An IDL file to compile. */
        public Builder input(Path idl) {
            inputs.add(Objects.requireNonNull(idl, "idl"));
            return this;
        }

        /** A directory where includes not found beside their includer are looked up, in the order added. */
        public Builder includePath(Path directory) {
            includePaths.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /** The Java package of every generated type, overriding {@code namespace java}. */
        public Builder packageOverride(String packageName) {
            this.packageOverride = packageName;
            return this;
        }

        /** The Java package of files with neither {@code namespace java} nor {@code namespace *}. */
        public Builder fallbackPackage(String packageName) {
            this.fallbackPackage = packageName;
            return this;
        }

        /** The root directory of the generated sources. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        public ThriftCompiler build() {
            if (inputs.isEmpty()) {
                throw new IllegalStateException("no IDL file to compile");
            }
            return new ThriftCompiler(this);
        }
    }
}
