package io.cloudwego.kitex.codegen;

import io.cloudwego.kitex.codegen.scaffold.Scaffold;
import io.cloudwego.kitex.codegen.thrift.ThriftIdlException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code kitex-codegen new}: writes a new Spring Boot project serving the services of an IDL file ({@link Scaffold}). */
final class NewCommand {
    static final String SYNOPSIS = "kitex-codegen new --service NAME --idl FILE [--package PKG] [--out DIR] [--group G]"
        + " [--artifact A]";
    static final String USAGE = "usage: " + SYNOPSIS;

    private static final Set<String> OPTIONS = Set.of("--service", "--idl", "--package", "--out", "--group", "--artifact");
    private static final String PREFIX = "kitex-codegen new: ";

    private NewCommand() {
    }

    /** Runs the command on the arguments after {@code new}; returns 0 done, 1 bad IDL or I/O error, 2 bad usage. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            String problem = null;
            if (!OPTIONS.contains(arg)) {
                problem = (arg.startsWith("-") ? "unknown option " : "unexpected argument ") + arg;
            } else if (i + 1 >= args.size()) {
                problem = arg + " needs a value";
            } else if (options.putIfAbsent(arg, args.get(++i)) != null) {
                problem = arg + " is given twice";
            }
            if (problem != null) {
                return usageError(err, problem);
            }
        }
        for (String required : List.of("--service", "--idl")) {
            if (!options.containsKey(required)) {
                return usageError(err, required + " is required");
            }
        }
        try {
            Scaffold.Builder builder = Scaffold.builder()
                .serviceName(options.get("--service"))
                .idl(Path.of(options.get("--idl")))
                .packageName(options.get("--package"))
                .groupId(options.get("--group"))
                .artifactId(options.get("--artifact"));
            if (options.containsKey("--out")) {
                builder.outputDirectory(Path.of(options.get("--out")));
            }
            Scaffold scaffold = builder.build();
            List<Path> written = scaffold.write();
            out.println("kitex-codegen: created " + scaffold.coordinates() + " (package " + scaffold.packageName()
                + ") in " + scaffold.outputDirectory() + ", " + written.size() + " files");
            out.println("next: cd " + scaffold.outputDirectory() + " && ./mvnw verify");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(PREFIX + e.getMessage());
            return 2;
        } catch (ThriftIdlException e) {
            err.println(e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println(PREFIX + e.getMessage());
            return 1;
        }
    }

    private static int usageError(PrintStream err, String problem) {
        err.println(PREFIX + problem);
        err.println(USAGE);
        return 2;
    }
}
