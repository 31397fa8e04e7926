package dev.wercli.platform.win32;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** advapi32 functions that jna-platform 5.14's Advapi32 does not declare. */
interface WercliAdvapi32 extends StdCallLibrary {
    WercliAdvapi32 INSTANCE = Native.load("advapi32", WercliAdvapi32.class, W32APIOptions.DEFAULT_OPTIONS);

    int SDDL_REVISION_1 = 1;

    /** Deletes a subkey in a named view (RegDeleteKey would use the caller's own view). */
    int RegDeleteKeyEx(WinReg.HKEY hKey, String subKey, int samDesired, int reserved);

    /** QUERY_SERVICE_CONFIGW into a caller's buffer (jna-platform 5.14 declares no QueryServiceConfig). */
    boolean QueryServiceConfig(com.sun.jna.platform.win32.Winsvc.SC_HANDLE service, Pointer config, int size,
            IntByReference needed);

    /** The capture service checks a launcher's rights as that launcher's user. */
    boolean ImpersonateNamedPipeClient(com.sun.jna.platform.win32.WinNT.HANDLE pipe);

    boolean ConvertStringSecurityDescriptorToSecurityDescriptor(String sddl, int revision,
            PointerByReference securityDescriptor, IntByReference size);
}
