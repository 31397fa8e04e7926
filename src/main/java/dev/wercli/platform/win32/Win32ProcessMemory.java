package dev.wercli.platform.win32;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.wercli.platform.ProcessMemory;

import java.util.Optional;

/** ReadProcessMemory over a handle owned by someone else (the session or inspector that opened it). */
final class Win32ProcessMemory implements ProcessMemory {
    /** Reads larger than this are refused: a report never needs them, and the target is untrusted. */
    static final int MAX_READ = 16 * 1024 * 1024;

    private final HANDLE process;

    Win32ProcessMemory(HANDLE process) {
        this.process = process;
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        if (length <= 0 || length > MAX_READ || address == 0) {
            return Optional.empty();
        }
        Memory buffer = new Memory(length);
        IntByReference done = new IntByReference();
        boolean ok = CaptureKernel32.INSTANCE.ReadProcessMemory(process, new Pointer(address), buffer, length, done);
        // ERROR_PARTIAL_COPY comes back as ok=false or a short count: either way the read failed.
        if (!ok || done.getValue() != length) {
            return Optional.empty();
        }
        return Optional.of(buffer.getByteArray(0, length));
    }
}
