package dev.wercli.platform.win32;

import com.sun.jna.Native;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.PlatformException;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.layout.ContextDecoder;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * MiniDumpWriteDump with a locally built exception stream (ClientPointers = FALSE), in the target's bitness:
 * a 64-bit target here, a 32-bit (WOW64) one through wercli-dump32.exe ({@link Dump32Helper}).
 */
final class Win32DumpWriter implements DumpWriter {
    private static final int PROCESS_DUP_HANDLE = 0x0040;
    /**
     * "All DbgHelp functions are single threaded", says MiniDumpWriteDump's documentation: concurrent calls from
     * more than one thread must be synchronized. One JVM runs one capture except in the capture service, where a
     * crash storm made concurrent calls and one of 16 captures failed with an invalid memory access (measured
     * under Wine, capture-bench --storm 16). The 32-bit helper runs in a process of its own and needs no turn.
     */
    private static final Object DBGHELP = new Object();

    @Override
    public List<String> write(int pid, Architecture architecture, Path file, int flags,
                              Optional<DumpException> exception) throws PlatformException {
        if (architecture != Architecture.X86) {
            writeHere(pid, file, flags, exception);
            return List.of();
        }
        Optional<Dump32Helper> helper = Dump32Helper.locate();
        if (helper.isPresent()) {
            helper.get().write(pid, file, flags, exception);
            return List.of();
        }
        // Nothing is lost: the 64-bit view still holds the process's memory, and the report says what it is.
        // Its exception stream keeps the record; the x86 registers are in the report, not in an amd64 CONTEXT.
        writeHere(pid, file, flags, exception.map(e -> new DumpException(e.threadId(), e.record(),
                new byte[ContextDecoder.AMD64_CONTEXT_SIZE])));
        return List.of(Dump32Helper.FILE_NAME + " was not found beside wercli.jar: the dump holds the 64-bit (WOW64)"
                + " view of this 32-bit process, which x86 dump readers cannot walk");
    }

    private void writeHere(int pid, Path file, int flags, Optional<DumpException> exception) throws PlatformException {
        HANDLE p = CaptureKernel32.INSTANCE.OpenProcess(
                WinNT.PROCESS_QUERY_INFORMATION | WinNT.PROCESS_VM_READ | PROCESS_DUP_HANDLE, false, pid);
        if (p == null) {
            int error = Native.getLastError();
            throw new PlatformException("OpenProcess(" + pid + ") for the dump failed: " + Win32Errors.message(error), error);
        }
        try (Handles.Owned process = new Handles.Owned(p)) {
            HANDLE f = CaptureKernel32.INSTANCE.CreateFile(file.toString(), WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0,
                    null, WinNT.CREATE_ALWAYS, WinNT.FILE_ATTRIBUTE_NORMAL, null);
            if (f == null || WinBase.INVALID_HANDLE_VALUE.equals(f)) {
                int error = Native.getLastError();
                throw new PlatformException("cannot create " + file + ": " + Win32Errors.message(error), error);
            }
            try (Handles.Owned out = new Handles.Owned(f)) {
                Memory param = exception.map(Win32DumpWriter::exceptionInformation).orElse(null);
                boolean written;
                int error;
                synchronized (DBGHELP) {
                    written = DbgHelp.INSTANCE.MiniDumpWriteDump(process.get(), pid, out.get(), flags, param, null, null);
                    error = written ? 0 : Native.getLastError();
                }
                if (!written) {
                    throw new PlatformException("MiniDumpWriteDump failed: " + Win32Errors.message(error), error);
                }
                Reference.reachabilityFence(param);
            }
        }
    }

    /**
     * Lays out, in one block: EXCEPTION_RECORD, CONTEXT (16-byte aligned), EXCEPTION_POINTERS, and the
     * MINIDUMP_EXCEPTION_INFORMATION. The last one is 4-byte packed (dbghelp.h, pshpack4): ThreadId at +0,
     * ExceptionPointers at +4, ClientPointers at +12. Natural alignment makes Wine's dbghelp crash.
     * Returns a view of the block starting at the MINIDUMP_EXCEPTION_INFORMATION (it keeps the block alive).
     */
    static Memory exceptionInformation(DumpException e) {
        byte[] record = ExceptionRecordDecoder.encode64(e.record());
        int contextAt = align16(record.length);
        int pointersAt = align16(contextAt + e.context().length);
        int infoAt = pointersAt + 16;
        Memory block = new Memory(infoAt + 16 + 16);
        block.clear();
        long shift = (16 - (Pointer.nativeValue(block) & 15)) & 15;
        long base = Pointer.nativeValue(block) + shift;
        block.write(shift, record, 0, record.length);
        block.write(shift + contextAt, e.context(), 0, e.context().length);
        block.setLong(shift + pointersAt, base);
        block.setLong(shift + pointersAt + 8, base + contextAt);
        block.setInt(shift + infoAt, e.threadId());
        block.setLong(shift + infoAt + 4, base + pointersAt);
        block.setInt(shift + infoAt + 12, 0);
        return (Memory) block.share(shift + infoAt);
    }

    private static int align16(int n) {
        return (n + 15) & ~15;
    }
}
