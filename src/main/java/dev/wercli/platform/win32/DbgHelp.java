package dev.wercli.platform.win32;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** dbghelp.dll, which jna-platform does not bind. */
interface DbgHelp extends StdCallLibrary {
    DbgHelp INSTANCE = Native.load("dbghelp", DbgHelp.class, W32APIOptions.DEFAULT_OPTIONS);

    /**
     * exceptionParam: a 4-byte packed MINIDUMP_EXCEPTION_INFORMATION (16 bytes on x64), see Win32DumpWriter.
     * dbghelp is not thread safe: wercli calls it from one thread only.
     */
    boolean MiniDumpWriteDump(HANDLE process, int processId, HANDLE file, int dumpType, Pointer exceptionParam,
                              Pointer userStreamParam, Pointer callbackParam);
}
