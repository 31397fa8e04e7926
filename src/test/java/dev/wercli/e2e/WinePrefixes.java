package dev.wercli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Wine prefixes for the end-to-end tests: one booted template per test run, cloned for each test class.
 *
 * <p>Why: a booted prefix is about 1.3 GB, because Wine 8 puts a real copy of every builtin DLL into
 * system32 and syswow64. Nine test classes booting a prefix each took 12 GB, and a CI machine with less free
 * disk failed with "No space left on device". A clone hard-links those binaries (Wine never writes to them
 * once the prefix is booted) and copies everything else (registry files, ini files, user folders), so each
 * test class gets its own registry and its own wineserver for a few megabytes. A clone is deleted when its
 * class ends ({@link #discard}), unless WERCLI_KEEP_PREFIXES=1.
 *
 * <p>The template is booted again in every test JVM: a prefix made by another Wine installation (before
 * wine32 was installed, say) fails every program with "could not load kernel32.dll, status c0000135".
 */
public final class WinePrefixes {
    /** Files that Wine installs once and only reads: these are hard-linked, everything else is copied. */
    private static final Set<String> READ_ONLY_KINDS = Set.of("dll", "exe", "drv", "sys", "ocx", "acm", "cpl",
            "tlb", "ax", "ds", "nls", "ttf", "fon", "mui", "vxd", "com", "msstyles", "tsp", "ime", "ocx16", "dll16",
            "exe16", "drv16", "mod16");

    private static Path template;

    private WinePrefixes() {
    }

    /** A new prefix at {@code dest} (deleted first if it was there), cloned from this run's template. */
    public static synchronized void cloneInto(Path project, Path dest) throws IOException, InterruptedException {
        Path source = template(project);
        discard(dest);
        Path windows = source.resolve("drive_c/windows");
        try (Stream<Path> s = Files.walk(source)) {
            for (Path from : s.toList()) {
                Path to = dest.resolve(source.relativize(from).toString());
                if (Files.isSymbolicLink(from)) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(from));
                } else if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else if (from.startsWith(windows) && READ_ONLY_KINDS.contains(extension(from))) {
                    Files.createLink(to, from);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** Stops the prefix's programs and server, then deletes it (kept when WERCLI_KEEP_PREFIXES=1). */
    public static void discard(Path prefix) throws IOException, InterruptedException {
        if (!Files.exists(prefix, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Map<String, String> env = Map.of("WINEPREFIX", prefix.toString(), "WINEDEBUG", "-all");
        run(List.of("wineserver", "-k"), env, Duration.ofSeconds(30));
        run(List.of("wineserver", "-w"), env, Duration.ofSeconds(30)); // the server gone before its files are
        if (!"1".equals(System.getenv("WERCLI_KEEP_PREFIXES"))) {
            deleteTree(prefix);
        }
    }

    private static Path template(Path project) throws IOException, InterruptedException {
        if (template != null) {
            return template;
        }
        Path t = project.resolve("target/e2e/.template-prefix");
        Map<String, String> env = Map.of("WINEPREFIX", t.toString(), "WINEDEBUG", "-all",
                "WINEDLLOVERRIDES", "mscoree,mshtml=");
        run(List.of("wineserver", "-k"), env, Duration.ofSeconds(30));
        deleteTree(t);
        Files.createDirectories(t.getParent());
        int boot = run(List.of("wineboot", "-i"), env, Duration.ofMinutes(3));
        if (boot != 0) {
            throw new IOException("wineboot -i failed for the template prefix " + t + " (exit " + boot + ")");
        }
        // The boot's own server and processes must be gone before the files are cloned: the registry files
        // are written when the server exits.
        run(List.of("wineserver", "-w"), env, Duration.ofMinutes(1));
        template = t;
        if (!"1".equals(System.getenv("WERCLI_KEEP_PREFIXES"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> { // 1.3 GB: not left behind in target/
                try {
                    deleteTree(t);
                } catch (IOException ignored) {
                    // best effort at exit; the next run deletes it first
                }
            }));
        }
        return t;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) { // walk does not follow links: dosdevices/z: -> / stays a link
            for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static int run(List<String> cmd, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        Thread drain = new Thread(() -> {
            try {
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the process ended or was killed
            }
        });
        drain.setDaemon(true);
        drain.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
