package io.cloudwego.kitex.maven;

import io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException;
import io.cloudwego.kitex.codegen.thrift.ThriftIdlException;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates kitex-java sources from the Thrift IDL files of the project (and every file they
 * include) and from the services of its {@code .proto} files, with kitex-codegen, and adds them to
 * the sources the project compiles.
 *
 * <p>Protobuf: the message classes and the descriptor set this goal reads come from protoc, run by
 * another plugin (io.github.ascopes:protobuf-maven-plugin, which takes protoc from Maven Central)
 * before this goal: it must write the {@code FileDescriptorSet} of {@code protoSourceDirectory},
 * imports included, to {@code protoDescriptorSet}. This goal generates the services of the
 * {@code .proto} files of {@code protoSourceDirectory}.
 *
 * <p>Generation is incremental: when the IDL files, included ones too, the descriptor set, the
 * configuration, the generated files and kitex-codegen itself are the same as at the last run, nothing
 * is done. When anything changed, every file is generated again and generated files that are no longer
 * produced are deleted. Bad IDL fails the build with {@code path:line:column: problem}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    private static final String DEFAULT_INCLUDE = "**/*.thrift";
    private static final String PROTO_FILES = "**/*.proto";

    /** The directory holding the IDL files to compile. */
    @Parameter(defaultValue = "${project.basedir}/src/main/thrift", required = true)
    File sourceDirectory;

    /**
     * Which files of {@code sourceDirectory} to compile: paths relative to it, or glob patterns
     * ({@code *} within a directory, {@code **} across directories). Every one must match a file.
     * Default: every {@code .thrift} file, {@code **}{@code /*.thrift}.
     */
    @Parameter
    List<String> includes;

    /** Directories where an include not found beside the including file is looked up, in order. */
    @Parameter
    List<File> includePaths;

    /** The Java package of every generated type, overriding the files' {@code namespace java}. */
    @Parameter
    String packageName;

    /** The Java package of files that have neither {@code namespace java} nor {@code namespace *}. */
    @Parameter
    String fallbackPackage;

    /**
     * The directory of the {@code .proto} files whose services to generate: the source directory that
     * protoc compiles, and so the root their names in the descriptor set are relative to.
     */
    @Parameter(defaultValue = "${project.basedir}/src/main/proto", required = true)
    File protoSourceDirectory;

    /**
     * The {@code FileDescriptorSet} protoc wrote for the {@code .proto} files, imports included
     * (protobuf-maven-plugin's {@code outputDescriptorFile} with {@code outputDescriptorIncludeImports}).
     * Read only when {@code protoSourceDirectory} holds {@code .proto} files.
     */
    @Parameter(defaultValue = "${project.build.directory}/protobuf/descriptor-set.binpb", required = true)
    File protoDescriptorSet;

    /**
     * Where the sources are generated; added to the project's compile source roots. Give every
     * execution of the goal its own directory: generated files the execution no longer produces are deleted.
     */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/kitex", required = true)
    File outputDirectory;

    /** Skips the goal: nothing is generated and no source root is added. */
    @Parameter(property = "kitex.generate.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("kitex:generate skipped");
            return;
        }
        Path output = outputDirectory.toPath();
        try {
            List<Path> inputs = idlFiles(sourceDirectory.toPath(), includes);
            List<String> protoFiles = protoSourceDirectory == null ? List.of()
                : idlFiles(protoSourceDirectory.toPath(), List.of(), PROTO_FILES).stream()
                    .map(p -> protoSourceDirectory.toPath().relativize(p).toString().replace('\\', '/')).toList();
            Path descriptorSet = protoFiles.isEmpty() ? null : protoDescriptorSet.toPath();
            if (descriptorSet != null && !Files.isRegularFile(descriptorSet)) {
                throw new MojoFailureException("kitex:generate: " + protoSourceDirectory + " holds .proto files but"
                    + " there is no descriptor set at " + descriptorSet + ": have protoc write it there, with its"
                    + " imports (protobuf-maven-plugin: outputDescriptorFile, outputDescriptorIncludeImports), in a"
                    + " plugin declared before kitex-maven-plugin");
            }
            Generation generation = new Generation(inputs, includePaths == null ? List.of()
                : includePaths.stream().map(File::toPath).toList(), packageName, fallbackPackage, descriptorSet,
                protoFiles, output, Generation.codegenFingerprint());
            Generation.Outcome outcome = generation.run();
            report(inputs.size() + protoFiles.size(), outcome);
            if (!inputs.isEmpty() || !protoFiles.isEmpty()) {
                project.addCompileSourceRoot(output.toString());
            }
        } catch (ThriftIdlException | ProtoDescriptorException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("kitex:generate: " + e, e);
        }
    }

    private void report(int idlFiles, Generation.Outcome outcome) {
        if (idlFiles == 0) {
            getLog().info("No IDL in " + sourceDirectory + (protoSourceDirectory == null ? ""
                : " nor in " + protoSourceDirectory));
        } else if (outcome.upToDate()) {
            getLog().info("Generated sources are up to date (" + files(idlFiles, "IDL") + ")");
        } else {
            getLog().info("Generated " + files(outcome.written().size(), "Java") + " from "
                + files(idlFiles, "IDL") + " to " + outputDirectory + " (" + outcome.reason() + ")");
        }
        for (Path removed : outcome.removed()) {
            getLog().info("Removed " + removed + ", no longer generated");
        }
    }

    private static String files(int count, String kind) {
        return count + " " + kind + (count == 1 ? " file" : " files");
    }

    /**
     * The files of {@code directory} matching {@code patterns} (every {@code .thrift} file when
     * {@code null} or empty), in path order. A directory that does not exist holds no file.
     *
     * @throws MojoFailureException if one of the given patterns matches no file
     */
    static List<Path> idlFiles(Path directory, List<String> patterns) throws IOException, MojoFailureException {
        return idlFiles(directory, patterns, DEFAULT_INCLUDE);
    }

    /** The files of {@code directory} matching {@code patterns}, or {@code defaultPattern} when there are none. */
    private static List<Path> idlFiles(Path directory, List<String> patterns, String defaultPattern)
        throws IOException, MojoFailureException {
        boolean explicit = patterns != null && !patterns.isEmpty();
        List<String> globs = explicit ? patterns : List.of(defaultPattern);
        List<Path> all = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.filter(Files::isRegularFile).map(directory::relativize).sorted().forEach(all::add);
            }
        }
        List<Path> matched = new ArrayList<>();
        FileSystem fs = directory.getFileSystem();
        for (String glob : globs) {
            String normalized = glob.replace('\\', '/');
            PathMatcher matcher = fs.getPathMatcher("glob:" + normalized);
            PathMatcher topLevel = normalized.startsWith("**/")
                ? fs.getPathMatcher("glob:" + normalized.substring(3)) : matcher;
            List<Path> hits = all.stream().filter(p -> matcher.matches(p) || topLevel.matches(p)).toList();
            if (explicit && hits.isEmpty()) {
                throw new MojoFailureException(
                    "kitex:generate: include '" + glob + "' matches no file in " + directory);
            }
            hits.stream().filter(p -> !matched.contains(p)).forEach(matched::add);
        }
        return matched.stream().sorted().map(directory::resolve).toList();
    }
}
