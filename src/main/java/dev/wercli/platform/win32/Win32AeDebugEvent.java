package dev.wercli.platform.win32;

import dev.wercli.platform.AeDebugEvent;

/** SetEvent on the handle value AeDebug passed us (inherited, so it is valid in our process). */
final class Win32AeDebugEvent implements AeDebugEvent {
    private final long handle;
    private volatile boolean signalled;

    Win32AeDebugEvent(long handle) {
        this.handle = handle;
    }

    @Override
    public synchronized boolean signal() {
        if (signalled) {
            return true;
        }
        if (handle == 0) {
            return false;
        }
        signalled = CaptureKernel32.INSTANCE.SetEvent(Handles.fromValue(handle));
        return signalled;
    }

    @Override
    public boolean signalled() {
        return signalled;
    }
}
