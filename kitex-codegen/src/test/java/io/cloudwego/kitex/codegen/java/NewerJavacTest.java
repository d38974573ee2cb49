package io.cloudwego.kitex.codegen.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.cloudwego.kitex.codegen.ProtobufCompiler;
import io.cloudwego.kitex.codegen.TestProtos;
import io.cloudwego.kitex.codegen.ThriftCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Newer javac versions add lint checks (serial fields, dangling doc comments, …): the generated code,
 * Thrift and Protobuf, must pass {@code -Xlint:all -Werror} with every JDK newer than the running one
 * found under /usr/lib/jvm. Skipped where there is none.
 */
class NewerJavacTest {

    static List<Path> newerJavacs() throws IOException, InterruptedException {
        Path jvms = Path.of("/usr/lib/jvm");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(jvms)) {
            return found;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path javac = home.resolve("bin/javac");
                if (!Files.isRegularFile(home.resolve("bin/javac")) || Files.isSymbolicLink(home)) {
                    continue;
                }
                Process process = new ProcessBuilder(javac.toString(), "-version").redirectErrorStream(true).start();
                String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                process.waitFor();
                String number = version.replaceFirst("^javac ", "").split("[.\\-+]")[0];
                if (number.matches("\\d+") && Integer.parseInt(number) > Runtime.version().feature()) {
                    found.add(javac);
                }
            }
        }
        return found;
    }

    @Test
    void generatedCodeCompilesCleanlyWithNewerJavac(@TempDir Path dir) throws IOException, InterruptedException {
        List<Path> javacs = newerJavacs();
        assumeFalse(javacs.isEmpty(), "no JDK newer than the running one under /usr/lib/jvm");
        Map<String, String> sources = new TreeMap<>(GeneratedCode.all().sources);
        sources.putAll(ThriftCompiler.builder().input(JavaCompilation.resourcePath("/idl/edge/edge.thrift")).build()
            .generate());
        sources.putAll(ProtobufCompiler.builder().descriptorSet(TestProtos.DESCRIPTOR_SET).build().generate());
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        Path argFile = dir.resolve("sources.txt");
        Files.write(argFile, files);
        for (Path javac : javacs) {
            Path out = Files.createDirectories(dir.resolve("out-" + javacs.indexOf(javac)));
            List<String> command = new ArrayList<>(List.of(javac.toString()));
            command.addAll(JavaCompilation.OPTIONS);
            command.addAll(List.of("-classpath", JavaCompilation.classpath(), "-d", out.toString(), "@" + argFile));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("%s says:%n%s", javac, output).isZero();
            assertThat(output).as("%s", javac).isEmpty();
            System.out.println("kitex-codegen: generated code compiles cleanly with " + javac);
        }
    }
}
