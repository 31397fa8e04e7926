package dev.wercli.platform.win32;

import com.sun.jna.Platform;
import dev.wercli.platform.AeDebugEvent;
import dev.wercli.platform.DebugSession;
import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ProcessInspector;

import java.time.Duration;
import java.util.Objects;

/** The real Windows (or Wine) implementation of every platform concern. */
public final class Win32Platform implements dev.wercli.platform.Platform {
    private final ProcessInspector inspector = new Win32ProcessInspector();
    private final DumpWriter dumpWriter = new Win32DumpWriter();

    private Win32Platform() {
    }

    /** Fails with a clear message off Windows instead of an UnsatisfiedLinkError later. */
    public static Win32Platform create() throws PlatformException {
        if (!Platform.isWindows()) {
            throw new PlatformException("this needs Windows (or Wine); this is " + System.getProperty("os.name"), 0);
        }
        if (!Platform.is64Bit()) {
            throw new PlatformException("wercli needs a 64-bit Java runtime", PlatformException.ERROR_NOT_SUPPORTED);
        }
        return new Win32Platform();
    }

    /**
     * For a resident process (the capture service): keep one 32-bit dump helper started ahead of time, so that a
     * 32-bit process's dump does not wait for a process start. Does nothing off Windows.
     */
    public static void keepSpareDump32Helper() {
        if (!Platform.isWindows()) {
            return;
        }
        System.setProperty(Dump32Helper.SPARE_PROPERTY, "true");
        Dump32Helper.prepareSpareInBackground();
    }

    /**
     * Starts loading, on a background thread, the JNA bindings a capture uses (JNA's native library, the
     * kernel32/dbghelp/ntdll proxies and their type mappers). A capture calls this first thing, so that this
     * work runs on the second core while the command line is parsed instead of after it: measured under
     * Wine, ~200 ms between the debugger thread's start and DebugActiveProcess. Does nothing off Windows.
     */
    public static Preload preloadInBackground() {
        if (!Platform.isWindows()) {
            return new Preload(null);
        }
        Thread t = new Thread(() -> {
            try {
                CaptureKernel32.INSTANCE.GetCurrentProcessId(); // JNA's native library, a proxy and a first call
                Objects.requireNonNull(NtQuery.INSTANCE);
                Objects.requireNonNull(DbgHelp.INSTANCE);
            } catch (LinkageError | RuntimeException e) {
                // the capture itself will meet the same problem and report it
            }
        }, "wercli-jna-preload");
        t.setDaemon(true);
        t.start();
        return new Preload(t);
    }

    /** The preload under way; a command that ends quickly (help, a usage error) waits for it first. */
    public static final class Preload {
        private final Thread thread;

        private Preload(Thread thread) {
            this.thread = thread;
        }

        /**
         * Lets the preload finish before the JVM exits: an exit while JNA is still loading its native
         * library is a race we do not want to find out about (a crash at exit would be a crash of wercli).
         */
        public void awaitQuietly(Duration limit) {
            if (thread == null) {
                return;
            }
            try {
                thread.join(limit.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public DebugSession newDebugSession() {
        return new Win32DebugSession();
    }

    @Override
    public DumpWriter dumpWriter() {
        return dumpWriter;
    }

    @Override
    public ProcessInspector inspector() {
        return inspector;
    }

    @Override
    public AeDebugEvent aeDebugEvent(long handle) {
        return new Win32AeDebugEvent(handle);
    }

    @Override
    public void tellLauncherReleased(long pipeHandle, int exitCode) {
        byte[] line = ("released " + exitCode + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        com.sun.jna.platform.win32.WinNT.HANDLE pipe = Handles.fromValue(pipeHandle);
        // A launcher that is gone makes the write fail: nothing waits for the message then.
        CaptureKernel32.INSTANCE.WriteFile(pipe, line, line.length, new com.sun.jna.ptr.IntByReference(), null);
        CaptureKernel32.INSTANCE.CloseHandle(pipe);
    }

    @Override
    public java.util.Optional<dev.wercli.platform.Registry> registry() {
        return java.util.Optional.of(new Win32Registry());
    }
}
