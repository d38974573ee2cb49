package io.cloudwego.kitex.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one generation read and wrote, kept in the output directory: the digest of its configuration,
 * the SHA-256 of every IDL file loaded (includes too) and of every file written.
 *
 * @param config digest of the inputs, include paths, packages and generator
 * @param idl every IDL file loaded, by absolute path
 * @param outputs every generated file, by path relative to the output directory with {@code /}
 */
record Stamp(String config, Map<Path, String> idl, Map<String, String> outputs) {
    static final String FILE_NAME = ".kitex-maven-plugin.stamp";

    private static final String HEADER =
        "# kitex-maven-plugin: what the last generation read and wrote. Delete this file to generate again.";

    Stamp {
        idl = Map.copyOf(idl);
        outputs = Map.copyOf(outputs);
    }

    /** The stamp in {@code outputDirectory}, or {@code null} if there is none or it cannot be read. */
    static Stamp read(Path outputDirectory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(outputDirectory.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        String config = null;
        Map<Path, String> idl = new LinkedHashMap<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ", 3);
            if (line.startsWith("#")) {
                continue;
            } else if (parts.length == 2 && parts[0].equals("config")) {
                config = parts[1];
            } else if (parts.length == 3 && parts[0].equals("idl")) {
                idl.put(Path.of(parts[2]), parts[1]);
            } else if (parts.length == 3 && parts[0].equals("out")) {
                outputs.put(parts[2], parts[1]);
            } else {
                return null;
            }
        }
        return config == null ? null : new Stamp(config, idl, outputs);
    }

    void write(Path outputDirectory) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("config " + config);
        idl.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> lines.add("idl " + e.getValue() + " " + e.getKey()));
        outputs.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> lines.add("out " + e.getValue() + " " + e.getKey()));
        Files.createDirectories(outputDirectory);
        Files.write(outputDirectory.resolve(FILE_NAME), lines, StandardCharsets.UTF_8);
    }

    static void delete(Path outputDirectory) throws IOException {
        Files.deleteIfExists(outputDirectory.resolve(FILE_NAME));
    }

    /**
     * Why generating again is needed, or {@code null} if nothing changed: the configuration, an IDL
     * file, or a generated file (edited or deleted) differs from what this stamp recorded.
     */
    String staleness(String currentConfig, Path outputDirectory) throws IOException {
        if (!config.equals(currentConfig)) {
            return "the configuration or the generator changed";
        }
        for (Map.Entry<Path, String> file : idl.entrySet()) {
            if (!file.getValue().equals(digestOf(file.getKey()))) {
                return file.getKey() + " changed";
            }
        }
        for (Map.Entry<String, String> file : outputs.entrySet()) {
            if (!file.getValue().equals(digestOf(outputDirectory.resolve(file.getKey())))) {
                return file.getKey() + " was edited or deleted";
            }
        }
        return null;
    }

    /** The SHA-256 of a file's content, or {@code "absent"} if it does not exist. */
    static String digestOf(Path file) throws IOException {
        try {
            return digest(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return "absent";
        }
    }

    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
