package io.cloudwego.kitex.codegen.scaffold;

import io.cloudwego.kitex.codegen.java.JavaNames;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The names of a new project, checked, with those not given derived from the service name. The
 * service name is split into words at {@code -}, {@code _} and where lower case or a digit meets
 * upper case ({@code EchoService}, {@code echo-service} and {@code echo_service} all give
 * {@code echo}, {@code service}).
 *
 * @param service the service name as given
 * @param groupId the Maven groupId; default {@code com.example}
 * @param artifactId the Maven artifactId; default the words joined by {@code -} ({@code echo-service})
 * @param packageName the Java package; default the groupId and the words joined, made a valid package
 *     name ({@code com.example.echoservice})
 * @param classPrefix what the application's class names start with: the words capitalized ({@code EchoService})
 * @param clientName the application name and client name in {@code application.yml}: the words joined
 *     by {@code -} ({@code echo-service})
 */
record ProjectNames(String service, String groupId, String artifactId, String packageName, String classPrefix,
                    String clientName) {
    static final String DEFAULT_GROUP_ID = "com.example";

    private static final Pattern SERVICE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern ARTIFACT_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern WORD_BREAK = Pattern.compile("[-_]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    /**
     * The names of a project for {@code service}; {@code groupId}, {@code artifactId} and
     * {@code packageName} may be {@code null} for their defaults.
     *
     * @throws IllegalArgumentException if a name is not valid, saying which and why
     */
    static ProjectNames of(String service, String groupId, String artifactId, String packageName) {
        if (service == null || !SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("service name '" + service
                + "' must start with a letter and have only letters, digits, '-' and '_'");
        }
        String group = groupId == null ? DEFAULT_GROUP_ID : groupId;
        if (!GROUP_ID.matcher(group).matches()) {
            throw new IllegalArgumentException("groupId '" + group
                + "' must be one or more parts of letters, digits, '-' and '_', separated by '.'");
        }
        if (artifactId != null && !ARTIFACT_ID.matcher(artifactId).matches()) {
            throw new IllegalArgumentException("artifactId '" + artifactId
                + "' must have only letters, digits, '.', '-' and '_'");
        }
        if (packageName != null && !JavaNames.javaPackage(packageName).equals(packageName)) {
            throw new IllegalArgumentException("package '" + packageName + "' is not a Java package name");
        }
        List<String> words = Arrays.stream(WORD_BREAK.split(service)).filter(w -> !w.isEmpty())
            .map(w -> w.toLowerCase(Locale.ROOT)).toList();
        String kebab = String.join("-", words);
        String prefix = words.stream().map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
            .collect(Collectors.joining());
        return new ProjectNames(service, group, artifactId == null ? kebab : artifactId,
            packageName == null ? JavaNames.javaPackage(group + "." + String.join("", words)) : packageName,
            prefix, kebab);
    }
}
