package dev.wercli.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs {@code wercli attach} without building picocli's model, for the command lines AeDebug starts:
 * {@code attach PID EVENT [JIT_DEBUG_INFO]} plus the value options {@code wercli install} or a user put
 * there. A capture is the one command where start-up time matters (the crashed process waits), and
 * picocli's reflective set-up was the largest single cost before the attach: measured under Wine with a
 * class-load log, ~270 ms and ~400 classes between main and the first log line.
 *
 * <p>It only takes what it understands exactly as picocli would; anything else (help, -p/-e/-j, an
 * unknown or repeated option, a value that looks like an option, a number picocli might read differently,
 * and every usage error of the command itself) goes to picocli, which then parses and reports it as
 * always. {@code AttachFastPathTest} checks that both fill in the same fields, so this stays a shortcut
 * and never a second dialect.
 */
final class AttachFastPath {
    /** Options that take a value, by their long name (the only name the fast path accepts). */
    static final Set<String> VALUE_OPTIONS = Set.of(AttachCommand.DUMP_DIR, AttachCommand.DUMP_TYPE,
            AttachCommand.TIMEOUT, AttachCommand.LOG_FILE, AttachCommand.KEEP, AttachCommand.MAX_SIZE,
            AttachCommand.UPLOAD_URL, AttachCommand.RELEASE);
    static final Set<String> FLAG_OPTIONS = Set.of(AttachCommand.UPLOAD_DUMPS, WercliCommand.VerboseOption.LONG,
            WercliCommand.VerboseOption.SHORT);
    /**
     * attach's options the fast path leaves to picocli, by their longest name: the flagged form (AeDebug
     * never writes it), help and version, and the hidden testing option.
     */
    // The delivery choices beyond the URL come from install's settings on the AeDebug line; given by hand,
    // picocli takes them.
    static final Set<String> PICOCLI_ONLY = Set.of("--pid", "--event", "--jit-debug-info", "--help", "--version",
            "--test-delay-before-dump-ms", DeliveryOptions.UPLOAD_PROTOCOL, DeliveryOptions.SENTRY_DSN,
            DeliveryOptions.UPLOAD_GZIP);

    private static final Pattern POSITIONAL = Pattern.compile("(0[xX])?[0-9A-Fa-f]+");
    /** Plain decimal without a leading zero: picocli's int converter would read 010 as octal, 0x10 as hex. */
    private static final Pattern PLAIN_INT = Pattern.compile("0|[1-9][0-9]{0,8}");

    private AttachFastPath() {
    }

    /**
     * The command with its fields set as picocli would set them, or empty when picocli must decide.
     * {@code args} are attach's arguments (without "attach").
     */
    static Optional<AttachCommand> parse(String[] args) {
        AttachCommand cmd = new AttachCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                if (cmd.positional.size() == 3 || !POSITIONAL.matcher(arg).matches()) {
                    return Optional.empty();
                }
                cmd.positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!seen.add(canonical(name))) {
                return Optional.empty();
            }
            if (FLAG_OPTIONS.contains(name)) {
                if (value != null) {
                    return Optional.empty();
                }
                setFlag(cmd, name);
                continue;
            }
            if (!VALUE_OPTIONS.contains(name)) {
                return Optional.empty();
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    return Optional.empty();
                }
                value = args[++i];
            }
            try {
                if (value.startsWith("-") || !setValue(cmd, name, value)) {
                    return Optional.empty();
                }
            } catch (InvalidPathException e) {
                return Optional.empty(); // picocli words the conversion error
            }
        }
        return Optional.of(cmd);
    }

    /**
     * Runs attach through the fast path when it takes {@code args}, returning the exit code; empty when
     * picocli must run the command instead. A usage error found by the command itself also gives empty:
     * nothing has happened yet at that point, and picocli reports it in its usual form.
     */
    static Optional<Integer> run(String[] args, PrintWriter out, PrintWriter err) {
        Optional<AttachCommand> parsed = parse(args);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        AttachCommand cmd = parsed.get();
        cmd.useStreams(out, err);
        try {
            return Optional.of(cmd.call());
        } catch (Usage.Problem e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(WercliCommand.reportFailure(e, err, cmd.verbose.verbose));
        }
    }

    private static String canonical(String name) {
        return name.equals(WercliCommand.VerboseOption.SHORT) ? WercliCommand.VerboseOption.LONG : name;
    }

    private static void setFlag(AttachCommand cmd, String name) {
        if (name.equals(AttachCommand.UPLOAD_DUMPS)) {
            cmd.uploadDumps = true;
        } else {
            cmd.verbose.verbose = true;
        }
    }

    private static boolean setValue(AttachCommand cmd, String name, String value) {
        switch (name) {
            case AttachCommand.DUMP_DIR -> cmd.dumpDir = Path.of(value);
            case AttachCommand.DUMP_TYPE -> cmd.dumpType = value;
            case AttachCommand.LOG_FILE -> cmd.logFile = Path.of(value);
            case AttachCommand.MAX_SIZE -> cmd.maxSize = value;
            case AttachCommand.UPLOAD_URL -> cmd.uploadUrl = value;
            case AttachCommand.RELEASE -> cmd.release = value;
            case AttachCommand.TIMEOUT, AttachCommand.KEEP -> {
                if (!PLAIN_INT.matcher(value).matches()) {
                    return false;
                }
                int n = Integer.parseInt(value);
                if (name.equals(AttachCommand.TIMEOUT)) {
                    cmd.timeoutSeconds = n;
                } else {
                    cmd.keep = n;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
