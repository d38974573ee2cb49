package io.cloudwego.kitex.codegen;

import io.cloudwego.kitex.codegen.java.ProtobufGenerator;
import io.cloudwego.kitex.codegen.protobuf.DescriptorSet;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generates the kitex-java service code of Protobuf services from the {@code FileDescriptorSet} that
 * protoc writes with {@code --descriptor_set_out=FILE --include_imports}. The message classes are
 * protoc's own (its {@code --java_out}); the generated services refer to them.
 *
 * <pre>{@code
 * List<Path> written = ProtobufCompiler.builder()
 *     .descriptorSet(Path.of("target/protobuf/descriptor-set.binpb"))
 *     .file("greeter/greeter.proto")
 *     .outputDirectory(Path.of("target/generated-sources/kitex"))
 *     .build()
 *     .compile();
 * }</pre>
 */
public final class ProtobufCompiler {
    private final Path descriptorSet;
    private final List<String> files;
    private final String packageOverride;
    private final Path outputDirectory;

    private ProtobufCompiler(Builder builder) {
        this.descriptorSet = builder.descriptorSet;
        this.files = builder.files.isEmpty() ? null : List.copyOf(builder.files);
        this.packageOverride = builder.packageOverride;
        this.outputDirectory = builder.outputDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The descriptor set, read.
     *
     * @throws io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException if it is not a descriptor set
     *     the generator can use
     * @throws UncheckedIOException if it cannot be read
     */
    public DescriptorSet load() {
        return DescriptorSet.read(descriptorSet);
    }

    /**
     * The generated sources, by path relative to the output directory, without writing them.
     *
     * @throws io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException on a descriptor set that
     *     cannot be generated from
     */
    public Map<String, String> generate() {
        return generate(load());
    }

    /** The generated sources of a set from {@link #load()}, by path relative to the output directory. */
    public Map<String, String> generate(DescriptorSet set) {
        return new ProtobufGenerator(set, files, packageOverride).generate();
    }

    /**
     * Generates and writes the sources under the output directory; a file whose content is already
     * the same is left untouched.
     *
     * @return the files written or already up to date, in path order
     */
    public List<Path> compile() {
        return write(generate());
    }

    /**
     * Writes sources from {@link #generate} under the output directory; a file whose content is
     * already the same is left untouched.
     *
     * @throws UncheckedIOException if a file cannot be written
     */
    public List<Path> write(Map<String, String> sources) {
        return GeneratedSources.write(outputDirectory, sources);
    }

    /** Builds a {@link ProtobufCompiler}. */
    public static final class Builder {
        private Path descriptorSet;
        private final List<String> files = new ArrayList<>();
        private String packageOverride;
        private Path outputDirectory;

        private Builder() {
        }

        /** The {@code FileDescriptorSet} file, written by protoc with {@code --include_imports}. */
        public Builder descriptorSet(Path file) {
            this.descriptorSet = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * A file of the set whose services to generate, named as protoc names it, relative to its
         * import root ({@code dir/file.proto}). Without any, the services of every file of the set
         * are generated.
         */
        public Builder file(String name) {
            files.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** The Java package of every generated class, instead of each file's {@code java_package} (else {@code package}). */
        public Builder packageOverride(String packageName) {
            this.packageOverride = packageName;
            return this;
        }

        /** The root directory of the generated sources. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        public ProtobufCompiler build() {
            if (descriptorSet == null) {
                throw new IllegalStateException("no descriptor set to generate from");
            }
            return new ProtobufCompiler(this);
        }
    }
}
