package dev.wercli.platform.win32;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;

/** A Win32 handle that closes itself: every handle wercli opens goes through one of these. */
final class Handles {
    private Handles() {
    }

    static final class Owned implements AutoCloseable {
        private final HANDLE handle;

        Owned(HANDLE handle) {
            this.handle = handle;
        }

        HANDLE get() {
            return handle;
        }

        @Override
        public void close() {
            if (handle != null) {
                CaptureKernel32.INSTANCE.CloseHandle(handle);
            }
        }
    }

    static HANDLE fromValue(long value) {
        return new HANDLE(Pointer.createConstant(value));
    }

    static void closeValue(long value) {
        if (value != 0 && value != -1) {
            CaptureKernel32.INSTANCE.CloseHandle(fromValue(value));
        }
    }
}
