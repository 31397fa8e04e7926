package dev.wercli.platform.win32;

import com.sun.jna.Native;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.wercli.platform.DebugEvent;
import dev.wercli.platform.DebugEventLayout;
import dev.wercli.platform.DebugSession;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ProcessMemory;
import dev.wercli.snapshot.layout.ContextDecoder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The Win32 debugging API. Not thread safe by design: Windows binds a debug session to one thread. */
final class Win32DebugSession implements DebugSession {
    private static final int ERROR_SEM_TIMEOUT = 121;
    private static final int THREAD_GET_CONTEXT = 0x0008;
    private static final int THREAD_QUERY_INFORMATION = 0x0040;
    /** CONTEXT_AMD64 | CONTROL | INTEGER | SEGMENTS | FLOATING_POINT | DEBUG_REGISTERS (CONTEXT_ALL). */
    private static final int AMD64_CONTEXT_ALL = 0x0010001F;
    private static final int AMD64_CONTEXT_FLAGS_OFFSET = 0x30;
    /** WOW64_CONTEXT_i386 | CONTROL | INTEGER | SEGMENTS | FLOATING_POINT | DEBUG_REGISTERS | EXTENDED. */
    private static final int WOW64_CONTEXT_ALL = 0x0001003F;
    private static final int MAX_DEBUG_STRING = 4096;

    private final Memory eventBuffer = new Memory(DebugEventLayout.SIZE);
    private int pid;
    private boolean attached;
    private boolean wow64;
    private Handles.Owned processHandle;
    private ProcessMemory memory = (address, length) -> Optional.empty();

    @Override
    public void attach(int pid) throws PlatformException {
        if (!CaptureKernel32.INSTANCE.DebugActiveProcess(pid)) {
            int error = Native.getLastError();
            throw new PlatformException("DebugActiveProcess(" + pid + ") failed: " + Win32Errors.message(error), error);
        }
        this.pid = pid;
        this.attached = true;
        // If wercli dies, the crashed process must not die with it: it is released instead.
        CaptureKernel32.INSTANCE.DebugSetProcessKillOnExit(false);
        HANDLE h = CaptureKernel32.INSTANCE.OpenProcess(WinNT.PROCESS_QUERY_INFORMATION | WinNT.PROCESS_VM_READ, false, pid);
        if (h != null) {
            processHandle = new Handles.Owned(h);
            memory = new Win32ProcessMemory(h);
            IntByReference isWow = new IntByReference();
            wow64 = CaptureKernel32.INSTANCE.IsWow64Process(h, isWow) && isWow.getValue() != 0;
        }
    }

    @Override
    public Optional<DebugEvent> waitForEvent(Duration timeout) throws PlatformException {
        eventBuffer.clear();
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
        if (!CaptureKernel32.INSTANCE.WaitForDebugEvent(eventBuffer, ms)) {
            int error = Native.getLastError();
            if (error == ERROR_SEM_TIMEOUT || error == 0) {
                return Optional.empty();
            }
            throw new PlatformException("WaitForDebugEvent failed: " + Win32Errors.message(error), error);
        }
        DebugEventLayout.Decoded decoded = DebugEventLayout.decode(eventBuffer.getByteBuffer(0, DebugEventLayout.SIZE));
        Handles.closeValue(decoded.fileHandle());
        DebugEvent event = decoded.event();
        if (event.kind() == DebugEvent.Kind.OUTPUT_DEBUG_STRING) {
            event = withString(event, decoded);
        }
        return Optional.of(event);
    }

    private DebugEvent withString(DebugEvent event, DebugEventLayout.Decoded d) {
        int units = Math.min(d.stringLength(), MAX_DEBUG_STRING);
        int bytes = d.stringUnicode() ? units * 2 : units;
        Optional<String> text = memory.read(d.stringAddress(), bytes).map(b -> {
            String s = new String(b, d.stringUnicode() ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
            int nul = s.indexOf('\0');
            return nul >= 0 ? s.substring(0, nul) : s;
        });
        return new DebugEvent(event.kind(), event.processId(), event.threadId(), Optional.empty(), false, 0, text, 0);
    }

    @Override
    public void continueEvent(DebugEvent event, Continue how) throws PlatformException {
        int status = how == Continue.HANDLED ? CaptureKernel32.DBG_CONTINUE : CaptureKernel32.DBG_EXCEPTION_NOT_HANDLED;
        if (!CaptureKernel32.INSTANCE.ContinueDebugEvent(event.processId(), event.threadId(), status)) {
            int error = Native.getLastError();
            throw new PlatformException("ContinueDebugEvent failed: " + Win32Errors.message(error), error);
        }
    }

    @Override
    public Optional<byte[]> threadContext(int threadId) {
        HANDLE h = CaptureKernel32.INSTANCE.OpenThread(THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION, false, threadId);
        if (h == null) {
            return Optional.empty();
        }
        try (Handles.Owned thread = new Handles.Owned(h)) {
            int size = wow64 ? ContextDecoder.X86_CONTEXT_SIZE : ContextDecoder.AMD64_CONTEXT_SIZE;
            Memory raw = new Memory(size + 16);
            raw.clear();
            Pointer aligned = raw.share((16 - (Pointer.nativeValue(raw) & 15)) & 15);
            boolean ok;
            if (wow64) {
                aligned.setInt(0, WOW64_CONTEXT_ALL);
                ok = CaptureKernel32.INSTANCE.Wow64GetThreadContext(thread.get(), aligned);
            } else {
                aligned.setInt(AMD64_CONTEXT_FLAGS_OFFSET, AMD64_CONTEXT_ALL);
                ok = CaptureKernel32.INSTANCE.GetThreadContext(thread.get(), aligned);
            }
            return ok ? Optional.of(aligned.getByteArray(0, size)) : Optional.empty();
        }
    }

    @Override
    public void detach() {
        if (attached) {
            attached = false;
            CaptureKernel32.INSTANCE.DebugActiveProcessStop(pid);
        }
    }

    @Override
    public ProcessMemory memory() {
        return memory;
    }

    @Override
    public void close() {
        detach();
        if (processHandle != null) {
            processHandle.close();
            processHandle = null;
        }
    }
}
