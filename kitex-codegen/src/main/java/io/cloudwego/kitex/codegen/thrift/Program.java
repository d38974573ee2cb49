package io.cloudwego.kitex.codegen.thrift;

import java.util.List;

/**
 * A set of IDL files loaded and resolved together.
 *
 * @param files every file, each after the files it includes
 * @param inputs the files asked for, in the order given
 */
public record Program(List<SourceFile> files, List<SourceFile> inputs) {
    public Program {
        files = List.copyOf(files);
        inputs = List.copyOf(inputs);
    }
}
