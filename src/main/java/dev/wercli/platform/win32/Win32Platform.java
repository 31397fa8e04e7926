package dev.wercli.platform.win32;

import com.sun.jna.Platform;

/** Whether the Win32 implementations can be used in this process. */
public final class Win32Platform {
    private Win32Platform() {
    }

    public static boolean available() {
        return Platform.isWindows();
    }
}
