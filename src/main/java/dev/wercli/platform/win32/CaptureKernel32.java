package dev.wercli.platform.win32;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Tlhelp32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * The kernel32 functions a capture calls, and only those: the debugging API (which jna-platform does not
 * bind) and the process, thread, file and Toolhelp calls around it. Not jna-platform's Kernel32: JNA makes
 * a proxy class with a method for each of an interface's functions, and for that interface (hundreds of
 * them) it took ~95 ms under Wine, on the path between the crash and the attach. Structures the debugging
 * API fills are passed as raw memory. Errors: {@link Native#getLastError()}, which JNA saves per call.
 */
interface CaptureKernel32 extends StdCallLibrary {
    CaptureKernel32 INSTANCE = Native.load("kernel32", CaptureKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    int DBG_CONTINUE = 0x00010002;
    int DBG_EXCEPTION_NOT_HANDLED = 0x80010001;

    boolean DebugActiveProcess(int processId);

    boolean DebugActiveProcessStop(int processId);

    boolean DebugSetProcessKillOnExit(boolean killOnExit);

    /** lpDebugEvent: DEBUG_EVENT, see {@link dev.wercli.platform.DebugEventLayout}. */
    boolean WaitForDebugEvent(Pointer lpDebugEvent, int milliseconds);

    boolean ContinueDebugEvent(int processId, int threadId, int continueStatus);

    /** lpContext: a 16-byte aligned CONTEXT with ContextFlags set. */
    boolean GetThreadContext(HANDLE thread, Pointer lpContext);

    boolean Wow64GetThreadContext(HANDLE thread, Pointer lpContext);

    int GetCurrentProcessId();

    HANDLE OpenProcess(int desiredAccess, boolean inheritHandle, int processId);

    HANDLE OpenThread(int desiredAccess, boolean inheritHandle, int threadId);

    boolean CloseHandle(HANDLE handle);

    boolean SetEvent(HANDLE event);

    boolean WriteFile(HANDLE file, byte[] buffer, int bytesToWrite, IntByReference written,
                      Pointer overlapped);

    boolean IsWow64Process(HANDLE process, IntByReference wow64Process);

    /** QueryFullProcessImageNameW (the W32API function mapper picks the wide variant). */
    boolean QueryFullProcessImageName(HANDLE process, int flags, char[] exeName, IntByReference size);

    boolean ReadProcessMemory(HANDLE process, Pointer baseAddress, Pointer buffer, int size, IntByReference bytesRead);

    /** CreateFileW. */
    HANDLE CreateFile(String fileName, int desiredAccess, int shareMode, WinBase.SECURITY_ATTRIBUTES security,
                      int creationDisposition, int flagsAndAttributes, HANDLE templateFile);

    HANDLE CreateToolhelp32Snapshot(WinDef.DWORD flags, WinDef.DWORD processId);

    boolean Module32FirstW(HANDLE snapshot, Tlhelp32.MODULEENTRY32W entry);

    boolean Module32NextW(HANDLE snapshot, Tlhelp32.MODULEENTRY32W entry);

    boolean Thread32First(HANDLE snapshot, Tlhelp32.THREADENTRY32 entry);

    boolean Thread32Next(HANDLE snapshot, Tlhelp32.THREADENTRY32 entry);

    /** K32EnumProcessModulesEx (psapi's, exported by kernel32): lphModule receives HMODULEs (module bases). */
    boolean K32EnumProcessModulesEx(HANDLE process, Pointer lphModule, int cb, IntByReference needed, int filterFlag);

    /** K32GetModuleInformation: lpmodinfo is a MODULEINFO (base, SizeOfImage, entry point). */
    boolean K32GetModuleInformation(HANDLE process, Pointer module, Pointer lpmodinfo, int cb);

    /** K32GetModuleFileNameExW. Returns the length copied, 0 on failure. */
    int K32GetModuleFileNameExW(HANDLE process, Pointer module, char[] filename, int size);
}
