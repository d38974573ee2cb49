package io.cloudwego.kitex.maven;

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
 * include) with kitex-codegen, and adds them to the sources the project compiles.
 *
 * <p>Generation is incremental: when the IDL files, included ones too, the configuration, the
 * generated files and kitex-codegen itself are the same as at the last run, nothing is done. When
 * anything changed, every file is generated again and generated files that are no longer produced are
 * deleted. Bad IDL fails the build with {@code path:line:column: problem}.
 *
 * <p>Only Thrift IDL ({@code src/main/thrift}) for now; Protobuf ({@code src/main/proto}) comes with
 * kitex-java's Protobuf support.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    private static final String DEFAULT_INCLUDE = "**/*.thrift";

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
            Generation generation = new Generation(inputs, includePaths == null ? List.of()
                : includePaths.stream().map(File::toPath).toList(), packageName, fallbackPackage, output,
                Generation.codegenFingerprint());
            Generation.Outcome outcome = generation.run();
            report(inputs, outcome);
            if (!inputs.isEmpty()) {
                project.addCompileSourceRoot(output.toString());
            }
        } catch (ThriftIdlException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("kitex:generate: " + e, e);
        }
    }

    private void report(List<Path> inputs, Generation.Outcome outcome) {
        if (inputs.isEmpty()) {
            getLog().info("No Thrift IDL in " + sourceDirectory);
        } else if (outcome.upToDate()) {
            getLog().info("Generated sources are up to date (" + files(inputs.size(), "IDL") + ")");
        } else {
            getLog().info("Generated " + files(outcome.written().size(), "Java") + " from "
                + files(inputs.size(), "IDL") + " to " + outputDirectory + " (" + outcome.reason() + ")");
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
        boolean explicit = patterns != null && !patterns.isEmpty();
        List<String> globs = explicit ? patterns : List.of(DEFAULT_INCLUDE);
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
