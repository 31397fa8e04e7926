package dev.wercli.platform.win32;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.W32Errors;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import dev.wercli.platform.Elevation;
import dev.wercli.platform.PlatformException;

/**
 * Elevated = the token says so (TokenElevation), or the 64-bit AeDebug key opens for writing. The second test
 * writes nothing (opening with write access only checks the key's ACL); it exists because a process may be
 * allowed to write HKLM without an elevated token (Wine, where TokenElevation's answer depends on the
 * version, or a service running as SYSTEM).
 */
public final class Win32Elevation implements Elevation {
    static final String PROBE_KEY = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";

    @Override
    public boolean isElevated() throws PlatformException {
        return tokenElevated() || mayWriteHklm();
    }

    /** TokenElevation of this process's token. */
    public static boolean tokenElevated() {
        return Advapi32Util.isCurrentProcessElevated();
    }

    /** Whether HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion (64-bit view) opens with write access. */
    public static boolean mayWriteHklm() throws PlatformException {
        WinReg.HKEYByReference ref = new WinReg.HKEYByReference();
        int access = WinNT.KEY_SET_VALUE | WinNT.KEY_CREATE_SUB_KEY | WinNT.KEY_WOW64_64KEY;
        int rc = Advapi32.INSTANCE.RegOpenKeyEx(WinReg.HKEY_LOCAL_MACHINE, PROBE_KEY, 0, access, ref);
        if (rc == W32Errors.ERROR_ACCESS_DENIED) {
            return false;
        }
        if (rc != W32Errors.ERROR_SUCCESS) {
            throw new PlatformException("cannot open HKLM\\" + PROBE_KEY, rc);
        }
        Advapi32.INSTANCE.RegCloseKey(ref.getValue());
        return true;
    }
}
