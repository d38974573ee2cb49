package io.cloudwego.kitex.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Writes generated sources under an output directory. */
final class GeneratedSources {
    private GeneratedSources() {
    }

    /**
     * Writes {@code sources} (path relative to {@code outputDirectory} to content); a file whose
     * content is already the same is left untouched.
     *
     * @return the files written or already up to date, in the order of {@code sources}
     * @throws UncheckedIOException if a file cannot be written
     */
    static List<Path> write(Path outputDirectory, Map<String, String> sources) {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : sources.entrySet()) {
            Path path = outputDirectory.resolve(file.getKey());
            try {
                Files.createDirectories(path.getParent());
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                if (!Files.exists(path) || !Arrays.equals(Files.readAllBytes(path), content)) {
                    Files.write(path, content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
            written.add(path);
        }
        return written;
    }
}
