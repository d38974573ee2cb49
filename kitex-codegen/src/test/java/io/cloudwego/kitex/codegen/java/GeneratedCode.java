package io.cloudwego.kitex.codegen.java;

import io.cloudwego.kitex.codegen.thrift.IdlLoader;
import io.cloudwego.kitex.codegen.thrift.Program;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The test IDL set generated, compiled (with test drivers) and loaded once per JVM. */
final class GeneratedCode {
    static final Path IDL = JavaCompilation.resourcePath("/idl/all.thrift").getParent();

    private static GeneratedCode all;

    final Program program;
    final JavaNames names;
    final Map<String, String> sources;
    final URLClassLoader loader;

    private GeneratedCode(Program program, JavaNames names, Map<String, String> sources, URLClassLoader loader) {
        this.program = program;
        this.names = names;
        this.sources = sources;
        this.loader = loader;
    }

    static Program loadAll() {
        return IdlLoader.load(List.of(IDL.resolve("all.thrift")), List.of(IDL.resolve("inc")));
    }

    /** all.thrift generated and compiled together with the drivers under src/test/resources/drivers. */
    static synchronized GeneratedCode all() {
        if (all == null) {
            Program program = loadAll();
            JavaGenerator generator = new JavaGenerator(program, null, null);
            Map<String, String> sources = generator.generate();
            all = new GeneratedCode(program, generator.names(), sources,
                JavaCompilation.compileWithDrivers(sources, "ApiDriver", "ServiceDriver"));
        }
        return all;
    }

    Class<?> load(String className) {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs a driver, a {@code Runnable} compiled with the generated code. */
    void run(String driver) throws ReflectiveOperationException {
        JavaCompilation.run(loader, driver);
    }
}
