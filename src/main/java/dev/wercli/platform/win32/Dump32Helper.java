package dev.wercli.platform.win32;

import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.LibFolder;
import dev.wercli.platform.PlatformException;
import dev.wercli.snapshot.layout.ContextDecoder;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Runs wercli-dump32.exe, the 32-bit helper that calls MiniDumpWriteDump for a WOW64 target: dbghelp writes
 * a dump in its caller's bitness, and only an x86 dump lets x86 readers walk the process. Everything else of
 * the capture (debug session, exception, release, watchdog) stays in this 64-bit process. The helper lies
 * in the distribution's lib\ ({@link LibFolder}; target\ of a build); see native-launcher/dump32.
 */
final class Dump32Helper {
    static final String FILE_NAME = "wercli-dump32.exe";
    /** Overrides where the helper is looked for (a full path); for tests and unusual layouts. */
    static final String PROPERTY = "wercli.dump32";

    /**
     * A resident process (the capture service) keeps one helper started ahead of time, waiting for its arguments
     * on stdin ({@code --stdin}), so that a 32-bit dump does not wait for a process start: measured under Wine,
     * the start of the 32-bit helper (and its dbghelp) was most of what a service capture of a 32-bit process
     * cost above the C floor. Each helper still writes exactly one dump; the next spare is started after it.
     */
    static final String SPARE_PROPERTY = "wercli.dump32.spare";
    private static final java.util.concurrent.atomic.AtomicReference<Process> SPARE =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final Path exe;

    private Dump32Helper(Path exe) {
        this.exe = exe;
    }

    /** {@link #prepareSpare} on a thread of its own: a process start must not hold up a capture. */
    static void prepareSpareInBackground() {
        Thread t = new Thread(Dump32Helper::prepareSpare, "wercli-dump32-spare");
        t.setDaemon(true);
        t.start();
    }

    /** Starts a spare helper when this process keeps one ({@link #SPARE_PROPERTY}) and none is waiting. */
    static void prepareSpare() {
        if (!Boolean.getBoolean(SPARE_PROPERTY)) {
            return;
        }
        Optional<Dump32Helper> helper = locate();
        if (helper.isEmpty() || (SPARE.get() != null && SPARE.get().isAlive())) {
            return;
        }
        try {
            Process p = new ProcessBuilder(helper.get().exe.toString(), "--stdin").redirectErrorStream(true).start();
            Process old = SPARE.getAndSet(p);
            if (old != null) {
                old.destroy();
            }
        } catch (IOException | RuntimeException e) {
            // no spare: the next dump starts its helper itself
        }
    }

    /** The helper in the lib folder, or named by {@link #PROPERTY}; empty if absent. */
    static Optional<Dump32Helper> locate() {
        String override = System.getProperty(PROPERTY);
        Path candidate;
        if (override != null && !override.isBlank()) {
            candidate = Path.of(override);
        } else {
            Optional<Path> lib = LibFolder.of(Dump32Helper.class);
            if (lib.isEmpty()) {
                return Optional.empty();
            }
            candidate = lib.get().resolve(FILE_NAME);
        }
        return Files.isRegularFile(candidate) ? Optional.of(new Dump32Helper(candidate)) : Optional.empty();
    }

    void write(int pid, Path file, int flags, Optional<DumpWriter.DumpException> exception) throws PlatformException {
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), Integer.toString(pid),
                Integer.toString(exception.map(DumpWriter.DumpException::threadId).orElse(0)),
                Integer.toHexString(flags), file.toString()));
        exception.ifPresent(e -> {
            cmd.add(HexFormat.of().formatHex(ExceptionRecordDecoder.encode32(e.record())));
            cmd.add(HexFormat.of().formatHex(x86Context(e.context())));
        });
        try {
            Process spare = SPARE.getAndSet(null);
            Process p;
            if (spare != null && spare.isAlive()) {
                // The arguments as one UTF-8 line, tab-separated (a path holds no tab or newline).
                p = spare;
                p.getOutputStream().write((String.join("\t", cmd.subList(1, cmd.size())) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                prepareSpareInBackground();
            } else {
                // One pipe for both streams (the helper writes only its error line): Redirect.DISCARD opens NUL,
                // which Wine's CreateProcess refused ("Invalid function").
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getOutputStream().close();
            }
            byte[] err = p.getInputStream().readNBytes(4096);
            int code = p.waitFor();
            if (code != 0) {
                String message = new String(err, StandardCharsets.UTF_8).strip();
                throw new PlatformException(FILE_NAME + " exit " + code + (message.isEmpty() ? "" : ": " + message), 0);
            }
        } catch (IOException e) {
            throw new PlatformException("cannot run " + exe + ": " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while " + FILE_NAME + " wrote the dump", 0);
        }
    }

    /** The helper takes exactly one x86 CONTEXT; a context we could not read becomes an empty one. */
    private static byte[] x86Context(byte[] context) {
        return context.length == ContextDecoder.X86_CONTEXT_SIZE ? context : new byte[ContextDecoder.X86_CONTEXT_SIZE];
    }
}
