package dev.wercli.platform.win32;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** kernel32's debugging API, which jna-platform does not bind. Structures are passed as raw memory. */
interface DebugApi extends StdCallLibrary {
    DebugApi INSTANCE = Native.load("kernel32", DebugApi.class, W32APIOptions.DEFAULT_OPTIONS);

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
}
