package io.cloudwego.kitex.codegen.java;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One compilation unit: decides, for every type it mentions, whether the simple name can be used
 * (and imported) or the qualified name is needed because a same-package type, a nested or
 * inherited member type, or another import already claims the simple name.
 */
final class JavaFile {
    private final String packageName;
    private final String className;
    private final Set<String> packageTypes;
    private final Set<String> memberTypes;
    private final Map<String, String> claimed = new HashMap<>();
    private final Set<String> imports = new TreeSet<>();

    JavaFile(String packageName, String className, Set<String> packageTypes, Set<String> memberTypes) {
        this.packageName = packageName;
        this.className = className;
        this.packageTypes = packageTypes;
        this.memberTypes = memberTypes;
    }

    String packageName() {
        return packageName;
    }

    String className() {
        return className;
    }

    /** The name to write for the top-level type {@code qualifiedName} in this unit. */
    String t(String qualifiedName) {
        int dot = qualifiedName.lastIndexOf('.');
        String pkg = qualifiedName.substring(0, dot);
        String simple = qualifiedName.substring(dot + 1);
        String owner = claimed.get(simple);
        if (owner != null) {
            return owner.equals(qualifiedName) ? simple : qualifiedName;
        }
        boolean self = pkg.equals(packageName) && simple.equals(className);
        if (!self && (memberTypes.contains(simple) || simple.equals(className))) {
            return qualifiedName;
        }
        if (!pkg.equals(packageName) && packageTypes.contains(simple)) {
            return qualifiedName;
        }
        claimed.put(simple, qualifiedName);
        if (!pkg.equals(packageName) && !pkg.equals("java.lang")) {
            imports.add(qualifiedName);
        }
        return simple;
    }

    /** The whole file: {@code header}, package, imports and {@code body}. */
    String render(String header, String body) {
        StringBuilder out = new StringBuilder(header);
        out.append("package ").append(packageName).append(";\n\n");
        for (String imported : imports) {
            out.append("import ").append(imported).append(";\n");
        }
        if (!imports.isEmpty()) {
            out.append('\n');
        }
        return out.append(body).toString();
    }
}
