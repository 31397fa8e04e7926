package dev.wercli.platform.win32;

import com.sun.jna.Platform;
import dev.wercli.platform.AeDebugEvent;
import dev.wercli.platform.DebugSession;
import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ProcessInspector;

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
}
