package io.cloudwego.kitex.codegen.protobuf;

import java.util.List;

/**
 * One {@code .proto} file of a descriptor set: what the generator needs of it.
 *
 * @param name its path relative to its import root, as imports name it ({@code grpc/testing/test.proto})
 * @param protoPackage its {@code package}, or empty
 * @param dependencies the files it imports
 * @param javaPackage its {@code java_package} option, or {@code null}
 * @param javaOuterClassname its {@code java_outer_classname} option, or {@code null}
 * @param javaMultipleFiles its {@code java_multiple_files} option
 * @param messages its top-level messages
 * @param enums the simple names of its top-level enums
 * @param services its services
 */
public record ProtoFile(String name, String protoPackage, List<String> dependencies, String javaPackage,
                        String javaOuterClassname, boolean javaMultipleFiles, List<ProtoMessage> messages,
                        List<String> enums, List<ProtoService> services) {
    public ProtoFile {
        dependencies = List.copyOf(dependencies);
        messages = List.copyOf(messages);
        enums = List.copyOf(enums);
        services = List.copyOf(services);
    }
}
