package dev.wercli.platform.win32;

import com.sun.jna.platform.win32.Kernel32Util;

/** The system's text for a GetLastError code, on one line. */
final class Win32Errors {
    private Win32Errors() {
    }

    static String message(int error) {
        try {
            return Kernel32Util.formatMessage(error).trim().replaceAll("\\s+", " ");
        } catch (RuntimeException e) {
            return "error " + error;
        }
    }
}
