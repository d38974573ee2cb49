package io.cloudwego.kitex.codegen.thrift;

/** A place in an IDL file: its path as shown to users, and a 1-based line and column. */
public record Position(String path, int line, int column) {
    @Override
    public String toString() {
        return path + ":" + line + ":" + column;
    }
}
