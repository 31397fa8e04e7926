package dev.wercli.platform.win32;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/** ntdll!NtQueryInformationProcess, to find a target's PEB (and from it the command line). */
interface NtQuery extends StdCallLibrary {
    NtQuery INSTANCE = Native.load("ntdll", NtQuery.class);

    int PROCESS_BASIC_INFORMATION = 0;

    /** Returns an NTSTATUS; 0 is success. */
    int NtQueryInformationProcess(HANDLE process, int infoClass, Pointer info, int length, IntByReference returned);
}
