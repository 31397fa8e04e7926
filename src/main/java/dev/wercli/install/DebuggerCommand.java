package dev.wercli.install;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The AeDebug Debugger command line that starts this wercli installation, and the executable names to put in
 * AutoExclusionList.
 *
 * <p>Windows formats the Debugger string with printf ({@code %ld %ld %p}), so a literal '%' in a path must be
 * written as "%%". Paths are always quoted (spaces); a path cannot contain '"' on Windows, so it is refused.
 *
 * @param commandLine    the Debugger value
 * @param exclusionNames file names to exclude from automatic debugging (never java.exe)
 */
public record DebuggerCommand(String commandLine, Set<String> exclusionNames) {
    /** The name of the native launcher; always excluded, even for a java -jar installation. */
    public static final String LAUNCHER_NAME = "wercli.exe";
    static final String ARGUMENTS = "attach %ld %ld %p";
    /**
     * The arguments of the .NET Framework's DbgManagedDebugger, as Visual Studio registers vsjitdebugger.exe:
     * the CLR fills in pid, app domain id, a text and an event handle (printf-style, so '%' stays "%%").
     */
    static final String MANAGED_ARGUMENTS = "attach PID %d APPDOM %d EXTEXT \"%s\" EVTHDL %d";
    private static final Set<String> NEVER_EXCLUDE = Set.of("java.exe", "javaw.exe");
    /** A wercli jar or exe, then "attach": how status and uninstall recognise our own Debugger value. */
    private static final Pattern WERCLI = Pattern.compile(
            "(?i)(^|[\\\\/\"\\s])wercli[^\\\\/\"]*\\.(jar|exe)\"?\\s+attach(\\s|$)");

    public DebuggerCommand {
        for (String name : exclusionNames) {
            if (NEVER_EXCLUDE.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + " must never be excluded: it would exclude every Java program");
            }
        }
        exclusionNames = Set.copyOf(exclusionNames);
    }

    /** {@code "<javaExe>" -jar "<jar>" attach %ld %ld %p}. */
    public static DebuggerCommand forJar(Path javaExe, Path jar) {
        return new DebuggerCommand(quote(javaExe) + " -jar " + quote(jar) + " " + ARGUMENTS, Set.of(LAUNCHER_NAME));
    }

    /** {@code "<launcher>" attach %ld %ld %p}. */
    public static DebuggerCommand forLauncher(Path launcher) {
        Set<String> names = new LinkedHashSet<>();
        names.add(LAUNCHER_NAME);
        names.add(fileName(launcher.toString()));
        return new DebuggerCommand(quote(launcher) + " " + ARGUMENTS, names);
    }

    /**
     * The command for the running wercli: the native launcher when the system property {@code wercli.launcher}
     * names it, else {@code <java.home>\bin\java.exe -jar <the jar this class came from>}.
     *
     * @throws IllegalStateException when wercli does not run from a jar (classes folder: nothing stable to register)
     */
    public static DebuggerCommand ofThisInstallation() {
        String launcher = System.getProperty("wercli.launcher");
        if (launcher != null && !launcher.isBlank()) {
            return forLauncher(Path.of(launcher).toAbsolutePath());
        }
        Path jar;
        try {
            jar = Path.of(DebuggerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell where wercli's jar is: " + e.getMessage(), e);
        }
        if (!fileName(jar.toString()).toLowerCase(Locale.ROOT).endsWith(".jar")) {
            throw new IllegalStateException("wercli is not running from a jar (" + jar + "); install from wercli.jar");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java.exe");
        return forJar(java, jar.toAbsolutePath());
    }

    /** The DbgManagedDebugger value: the same program as {@link #commandLine()}, with the CLR's arguments. */
    public String managedCommandLine() {
        if (!commandLine.endsWith(ARGUMENTS)) {
            throw new IllegalStateException("not an AeDebug command wercli wrote: " + commandLine);
        }
        return commandLine.substring(0, commandLine.length() - ARGUMENTS.length()) + MANAGED_ARGUMENTS;
    }

    /** The last path element, for both separators (a Windows path is also handled when tests run on Linux). */
    static String fileName(String path) {
        return path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
    }

    static String quote(Path path) {
        String s = path.toString();
        if (s.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a path with a double quote cannot be registered: " + s);
        }
        return "\"" + s.replace("%", "%%") + "\"";
    }

    /** Whether a Debugger value starts wercli (any version, any location). */
    public static boolean isWercli(String debugger) {
        return debugger != null && WERCLI.matcher(debugger).find();
    }

    /**
     * The files a wercli Debugger value needs: the launcher, or java.exe and the jar. Used by status to report
     * a moved jar or a missing launcher.
     */
    public static List<String> programFiles(String debugger) {
        List<String> tokens = tokens(debugger);
        List<String> files = new ArrayList<>();
        if (tokens.isEmpty()) {
            return files;
        }
        files.add(tokens.get(0));
        if (tokens.size() > 2 && tokens.get(1).equalsIgnoreCase("-jar")) {
            files.add(tokens.get(2));
        }
        return files;
    }

    /** Splits like CommandLineToArgvW for the simple cases we write (quoted paths, no escaped quotes). */
    static List<String> tokens(String commandLine) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                if (current == null) {
                    current = new StringBuilder();
                }
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current != null) {
                    tokens.add(current.toString().replace("%%", "%"));
                    current = null;
                }
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                current.append(c);
            }
        }
        if (current != null) {
            tokens.add(current.toString().replace("%%", "%"));
        }
        return tokens;
    }
}
