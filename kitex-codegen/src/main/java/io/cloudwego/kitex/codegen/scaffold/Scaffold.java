package io.cloudwego.kitex.codegen.scaffold;

import io.cloudwego.kitex.codegen.java.SkeletonGenerator;
import io.cloudwego.kitex.codegen.thrift.IdlLoader;
import io.cloudwego.kitex.codegen.thrift.Program;
import io.cloudwego.kitex.codegen.thrift.SourceFile;
import io.cloudwego.kitex.codegen.thrift.ThriftIdlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a new Spring Boot project that serves the services of a Thrift IDL file with
 * kitex-spring-boot-starter, ready to build with its Maven wrapper ({@code ./mvnw verify}).
 *
 * <p>The project has:
 * <ul>
 *   <li>{@code pom.xml}: Spring Boot's parent, kitex-spring-boot-starter and spring-boot-starter-test
 *       of this generator's versions, kitex-maven-plugin generating every IDL type into the project's
 *       package, spring-boot-maven-plugin;</li>
 *   <li>{@code src/main/thrift}: the IDL file and the files it includes, in their relative layout;</li>
 *   <li>the application class, and one {@code @KitexService} implementation per service of the IDL
 *       file whose methods throw {@link UnsupportedOperationException} ({@link SkeletonGenerator});</li>
 *   <li>{@code src/main/resources/application.yml}: the server port (8888), and the addresses of
 *       the application's own services under its client name;</li>
 *   <li>a {@code @SpringBootTest} calling every service through a {@code @KitexClient};</li>
 *   <li>{@code README.md}, {@code .gitignore}, and the Maven wrapper ({@code mvnw}, {@code mvnw.cmd},
 *       {@code .mvn/wrapper}) of kitex-java itself.</li>
 * </ul>
 *
 * <p>Names not given are derived from the service name: {@code echo-service} gives artifactId
 * {@code echo-service}, package {@code com.example.echoservice}, classes
 * {@code EchoServiceApplication} and {@code EchoServiceApplicationTests}, client name
 * {@code echo-service} (see {@link #builder()}).
 */
public final class Scaffold {
    private static final String THRIFT_DIR = "src/main/thrift/";
    private static final List<String> WRAPPER = List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties");
    private static final Properties VERSIONS = versions();

    private final ProjectNames names;
    private final Path idl;
    private final Path outputDirectory;

    private Scaffold(Builder builder) {
        this.names = ProjectNames.of(builder.serviceName, builder.groupId, builder.artifactId, builder.packageName);
        this.idl = Objects.requireNonNull(builder.idl, "idl");
        this.outputDirectory = builder.outputDirectory != null ? builder.outputDirectory : Path.of(names.service());
    }

    /**
     * A builder of a scaffold. Only the service name and the IDL file are required. Each name not
     * given derives from the service name, split into words at {@code -}, {@code _} and where a
     * lower-case letter or digit meets an upper-case one: the artifactId is the words in lower case
     * joined by {@code -}; the package is the groupId ({@code com.example} by default) and the words
     * joined, made a valid package name (a keyword or a part starting with a digit gets {@code _});
     * the output directory is the service name, as given, in the working directory.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The version of kitex-java that this generator belongs to, and that new projects depend on. */
    public static String kitexVersion() {
        return VERSIONS.getProperty("kitex");
    }

    /** The directory the project is written to. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    /** The project's Maven coordinates, {@code groupId:artifactId}. */
    public String coordinates() {
        return names.groupId() + ":" + names.artifactId();
    }

    /** The Java package of the project's classes and of every type generated from its IDL. */
    public String packageName() {
        return names.packageName();
    }

    /**
     * Writes the project.
     *
     * @return the files written, relative to the output directory, in path order
     * @throws IllegalArgumentException if the IDL file does not exist, or the output directory exists
     *     and is not an empty directory (nothing is written then)
     * @throws ThriftIdlException if the IDL has errors or declares no service (nothing is written then)
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public List<Path> write() {
        if (!Files.isRegularFile(idl)) {
            throw new IllegalArgumentException("no such IDL file: " + idl);
        }
        if (Files.exists(outputDirectory) && !isEmptyDirectory(outputDirectory)) {
            throw new IllegalArgumentException(outputDirectory + " exists and is not empty");
        }
        Map<String, byte[]> files = files();
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = outputDirectory.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
                written.add(Path.of(file.getKey()));
            }
            makeExecutable(outputDirectory.resolve("mvnw"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outputDirectory + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** Every file of the project by its path relative to the project, sorted. */
    private Map<String, byte[]> files() {
        Program program = IdlLoader.load(List.of(idl), List.of());
        SourceFile main = program.inputs().get(0);
        if (main.services().isEmpty()) {
            throw new ThriftIdlException(idl + ": declares no service, so there is nothing to serve");
        }
        Map<String, Path> layout = thriftLayout(program);
        // Load the IDL as kitex-maven-plugin will: every file of src/main/thrift an input, in path order.
        Program asBuilt = IdlLoader.load(List.copyOf(layout.values()), List.of());
        SourceFile mainAsBuilt = asBuilt.files().stream()
            .filter(f -> normalized(f.path()).equals(normalized(main.path()))).findFirst().orElseThrow();
        SkeletonGenerator.Skeleton skeleton = new SkeletonGenerator(asBuilt, names.packageName())
            .generate(mainAsBuilt, names.classPrefix(), names.clientName());

        Map<String, byte[]> files = new TreeMap<>();
        for (Map.Entry<String, Path> thrift : layout.entrySet()) {
            files.put(THRIFT_DIR + thrift.getKey(), read(thrift.getValue()));
        }
        skeleton.mainSources().forEach((path, source) -> files.put("src/main/java/" + path, utf8(source)));
        skeleton.testSources().forEach((path, source) -> files.put("src/test/java/" + path, utf8(source)));

        String mainIdl = THRIFT_DIR + layout.entrySet().stream()
            .filter(e -> e.getValue().equals(normalized(main.path()))).findFirst().orElseThrow().getKey();
        files.put("pom.xml", utf8(Template.render("pom.xml.template", pomValues(mainIdl), Template::xml)));
        files.put("src/main/resources/application.yml", utf8(Template.render("application.yml.template",
            Map.of("clientName", names.clientName()), UnaryOperator.identity())));
        files.put("README.md", utf8(Template.render("README.md.template", readmeValues(mainIdl, skeleton),
            UnaryOperator.identity())));
        files.put(".gitignore", Template.resource("gitignore"));
        for (String wrapperFile : WRAPPER) {
            files.put(wrapperFile, Template.resource("wrapper/" + wrapperFile));
        }
        return files;
    }

    private Map<String, String> pomValues(String mainIdl) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("service", names.service());
        values.put("groupId", names.groupId());
        values.put("artifactId", names.artifactId());
        values.put("packageName", names.packageName());
        values.put("idlFile", mainIdl);
        values.put("kitexVersion", kitexVersion());
        values.put("springBootVersion", VERSIONS.getProperty("spring-boot"));
        values.put("nettyVersion", VERSIONS.getProperty("netty"));
        return values;
    }

    private Map<String, String> readmeValues(String mainIdl, SkeletonGenerator.Skeleton skeleton) {
        String packagePath = names.packageName().replace('.', '/') + "/";
        Map<String, String> values = new LinkedHashMap<>();
        values.put("service", names.service());
        values.put("packageName", names.packageName());
        values.put("clientName", names.clientName());
        values.put("idlFile", mainIdl);
        values.put("application", "src/main/java/" + packagePath + skeleton.applicationClass() + ".java");
        values.put("implementations", skeleton.implementationClasses().stream()
            .map(c -> "`src/main/java/" + packagePath + c + ".java`").collect(Collectors.joining(", ")));
        values.put("test", "src/test/java/" + packagePath + skeleton.testClass() + ".java");
        return values;
    }

    /**
     * Where each loaded IDL file goes under {@code src/main/thrift}: its path relative to the
     * deepest directory holding them all, so relative includes still find their files; in path order.
     */
    private static Map<String, Path> thriftLayout(Program program) {
        List<Path> paths = program.files().stream().map(f -> normalized(f.path())).toList();
        Path root = paths.get(0).getParent();
        for (Path path : paths) {
            while (!path.startsWith(root)) {
                root = root.getParent();
            }
        }
        Map<String, Path> layout = new TreeMap<>();
        for (Path path : paths) {
            layout.put(root.relativize(path).toString().replace('\\', '/'), path);
        }
        return layout;
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(view.readAttributes().permissions());
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
            view.setPermissions(permissions);
        }
    }

    private static Properties versions() {
        Properties versions = new Properties();
        try {
            versions.load(new ByteArrayInputStream(Template.resource("versions.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    /** Builds a {@link Scaffold}. */
    public static final class Builder {
        private String serviceName;
        private Path idl;
        private String packageName;
        private String groupId;
        private String artifactId;
        private Path outputDirectory;

        private Builder() {
        }

        /** The service name (required): letters, digits, {@code -} and {@code _}, starting with a letter. */
        public Builder serviceName(String name) {
            this.serviceName = name;
            return this;
        }

        /** The IDL file (required) whose services the project serves. */
        public Builder idl(Path file) {
            this.idl = file;
            return this;
        }

        /** The Java package of the project's classes and of every type generated from its IDL. */
        public Builder packageName(String packageName) {
            this.packageName = packageName;
            return this;
        }

        /** The project's Maven groupId; default {@code com.example}. */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** The project's Maven artifactId. */
        public Builder artifactId(String artifactId) {
            this.artifactId = artifactId;
            return this;
        }

        /** The directory to write the project to; it must not exist or be empty. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        /**
         * The scaffold, its names checked and completed.
         *
         * @throws IllegalArgumentException if a name is not valid, saying which and why
         * @throws NullPointerException if the IDL file is not set
         */
        public Scaffold build() {
            return new Scaffold(this);
        }
    }
}
