package io.cloudwego.kitex.codegen.java;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources in-process with {@code -Xlint:all -Werror} against the test classpath, and loads them. */
final class JavaCompilation {
    static final List<String> OPTIONS = List.of("-Xlint:all", "-Werror", "--release", "17", "-proc:none");

    private JavaCompilation() {
    }

    /** The test classpath, without entries that do not exist (which -Xlint:path would warn about). */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isEmpty() && new File(e).exists())
            .collect(Collectors.joining(File.pathSeparator));
    }

    /** Writes {@code sources} (path to content) under {@code dir}/src and compiles them to {@code dir}/classes. */
    static Path compile(Map<String, String> sources, Path dir) {
        try {
            Path src = dir.resolve("src");
            Path classes = dir.resolve("classes");
            Files.createDirectories(classes);
            List<File> files = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
                files.add(file.toFile());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8)) {
                List<String> options = new ArrayList<>(OPTIONS);
                options.addAll(List.of("-classpath", classpath(), "-d", classes.toString()));
                boolean ok = compiler.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromFiles(files)).call();
                if (!ok || !diagnostics.getDiagnostics().isEmpty()) {
                    StringBuilder report = new StringBuilder("generated code does not compile cleanly:\n");
                    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                        report.append(d.getKind()).append(' ')
                            .append(d.getSource() == null ? "" : d.getSource().getName()).append(':')
                            .append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
                    }
                    throw new AssertionError(report.toString());
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code sources} compiled, with the drivers named (classes of package {@code test.driver} under
     * src/test/resources/drivers), into a new temporary directory, and loaded.
     */
    static URLClassLoader compileWithDrivers(Map<String, String> sources, String... drivers) {
        Map<String, String> all = new java.util.TreeMap<>(sources);
        for (String driver : drivers) {
            all.put("test/driver/" + driver + ".java", resource("/drivers/test/driver/" + driver + ".java"));
        }
        try {
            return loader(compile(all, Files.createTempDirectory("kitex-codegen-drivers")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the driver {@code test.driver.<driver>}, a {@code Runnable} that {@code loader} loads. */
    static void run(ClassLoader loader, String driver) throws ReflectiveOperationException {
        ((Runnable) Class.forName("test.driver." + driver, true, loader).getConstructor().newInstance()).run();
    }

    /** A class loader over {@code classes}, child of the test class loader. */
    static URLClassLoader loader(Path classes) {
        try {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, JavaCompilation.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a test resource as text. */
    static String resource(String name) {
        try (var in = JavaCompilation.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory of a test resource. */
    static Path resourcePath(String name) {
        try {
            return Path.of(JavaCompilation.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
