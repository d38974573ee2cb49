package io.cloudwego.kitex.codegen;

import io.cloudwego.kitex.codegen.protobuf.ProtoDescriptorException;
import io.cloudwego.kitex.codegen.thrift.ThriftIdlException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line: {@code kitex-codegen [-I dir]... -out dir [-package pkg] file.thrift...} generates
 * Java sources ({@code -descriptor-set file} adds the Protobuf services of a descriptor set protoc
 * wrote), and {@code kitex-codegen new --service NAME --idl FILE ...} writes a new Spring Boot project.
 */
public final class Main {
    static final String USAGE = "usage: kitex-codegen [-I dir]... -out dir [-package pkg] [-fallback-package pkg]"
        + " [-descriptor-set file.binpb] [file.thrift...]\n       " + NewCommand.SYNOPSIS;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status: 0 done, 1 bad IDL or I/O error, 2 bad usage. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("new")) {
            return NewCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        ThriftCompiler.Builder builder = ThriftCompiler.builder();
        ProtobufCompiler.Builder proto = ProtobufCompiler.builder();
        boolean haveDescriptorSet = false;
        boolean haveOut = false;
        boolean haveInput = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean takesValue = arg.equals("-I") || arg.equals("-out") || arg.equals("-package")
                || arg.equals("-fallback-package") || arg.equals("-descriptor-set");
            if (takesValue && i + 1 >= args.length) {
                err.println("kitex-codegen: " + arg + " needs a value");
                err.println(USAGE);
                return 2;
            }
            switch (arg) {
                case "-I":
                    builder.includePath(Path.of(args[++i]));
                    break;
                case "-out":
                    builder.outputDirectory(Path.of(args[++i]));
                    proto.outputDirectory(Path.of(args[i]));
                    haveOut = true;
                    break;
                case "-package":
                    builder.packageOverride(args[++i]);
                    proto.packageOverride(args[i]);
                    break;
                case "-fallback-package":
                    builder.fallbackPackage(args[++i]);
                    break;
                case "-descriptor-set":
                    proto.descriptorSet(Path.of(args[++i]));
                    haveDescriptorSet = true;
                    break;
                case "-h":
                case "-help":
                case "--help":
                    out.println(USAGE);
                    return 0;
                default:
                    if (arg.startsWith("-")) {
                        err.println("kitex-codegen: unknown option " + arg);
                        err.println(USAGE);
                        return 2;
                    }
                    builder.input(Path.of(arg));
                    haveInput = true;
            }
        }
        if (!haveOut || !haveInput && !haveDescriptorSet) {
            err.println("kitex-codegen: " + (haveOut ? "no IDL file given" : "-out is required"));
            err.println(USAGE);
            return 2;
        }
        try {
            List<Path> written = haveInput ? builder.build().compile() : List.of();
            int protoWritten = haveDescriptorSet ? proto.build().compile().size() : 0;
            out.println("kitex-codegen: " + (written.size() + protoWritten) + " files");
            return 0;
        } catch (ThriftIdlException | ProtoDescriptorException e) {
            err.println(e.getMessage());
            return 1;
        } catch (java.io.UncheckedIOException e) {
            err.println("kitex-codegen: " + e.getMessage());
            return 1;
        }
    }
}
