package dev.wercli.platform.win32;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import dev.wercli.platform.PipeServer;
import dev.wercli.platform.PlatformException;

import java.util.Arrays;
import java.util.Optional;

/**
 * The capture service's pipe: message mode, local clients only (PIPE_REJECT_REMOTE_CLIENTS, and the DACL
 * denies network logons), readable and writable by authenticated users (every launcher AeDebug starts runs as
 * the crashed process's user), full control for SYSTEM and Administrators. The first instance is created with
 * FILE_FLAG_FIRST_PIPE_INSTANCE: if someone else already holds the name, the service fails to start instead of
 * sharing it.
 */
public final class Win32PipeServer implements PipeServer {
    /** Deny network logons; SYSTEM and Administrators full; authenticated (local) users read and write. */
    static final String SDDL = "D:P(D;;GA;;;NU)(A;;GA;;;SY)(A;;GA;;;BA)(A;;GRGW;;;AU)";
    private static final int PIPE_ACCESS_DUPLEX = 0x3;
    private static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
    private static final int PIPE_TYPE_MESSAGE = 0x4;
    private static final int PIPE_READMODE_MESSAGE = 0x2;
    private static final int PIPE_REJECT_REMOTE_CLIENTS = 0x8;
    private static final int PIPE_UNLIMITED_INSTANCES = 255;
    private static final int ERROR_PIPE_CONNECTED = 535;
    private static final int ERROR_MORE_DATA = 234;
    private static final int DUPLICATE_SAME_ACCESS = 0x2;
    /** What kernel32's DebugActiveProcess opens the target with (ProcessIdToHandle). */
    static final int DEBUG_RIGHTS = WinNT.PROCESS_CREATE_THREAD | WinNT.PROCESS_VM_OPERATION | WinNT.PROCESS_VM_WRITE
            | WinNT.PROCESS_VM_READ | WinNT.PROCESS_SUSPEND_RESUME | WinNT.PROCESS_QUERY_INFORMATION;

    private final String name;
    private volatile boolean closed;
    private boolean first = true;
    private final Pointer securityDescriptor;

    public Win32PipeServer(String name) throws PlatformException {
        this.name = name;
        this.securityDescriptor = Sddl.descriptor(SDDL); // kept for every instance the server creates
    }

    @Override
    public Optional<Client> accept() throws PlatformException {
        if (closed) {
            return Optional.empty();
        }
        WinBase.SECURITY_ATTRIBUTES sa = Sddl.attributes(securityDescriptor);
        WinNT.HANDLE pipe = Kernel32.INSTANCE.CreateNamedPipe(name,
                PIPE_ACCESS_DUPLEX | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
                PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_REJECT_REMOTE_CLIENTS, PIPE_UNLIMITED_INSTANCES,
                4096, 65536, 0, sa);
        if (pipe == null || WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
            int error = Kernel32.INSTANCE.GetLastError();
            throw new PlatformException("cannot create the pipe " + name
                    + (first && error == WinError.ERROR_ACCESS_DENIED ? " (another process holds the name)" : ""),
                    error);
        }
        first = false;
        if (!Kernel32.INSTANCE.ConnectNamedPipe(pipe, null)) {
            int error = Kernel32.INSTANCE.GetLastError();
            if (error != ERROR_PIPE_CONNECTED) {
                Kernel32.INSTANCE.CloseHandle(pipe);
                if (closed) {
                    return Optional.empty();
                }
                throw new PlatformException("waiting for a client on " + name, error);
            }
        }
        if (closed) {
            Kernel32.INSTANCE.DisconnectNamedPipe(pipe);
            Kernel32.INSTANCE.CloseHandle(pipe);
            return Optional.empty();
        }
        return Optional.of(new Win32Client(pipe));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Wake a waiting ConnectNamedPipe by connecting to it ourselves.
        WinNT.HANDLE h = Kernel32.INSTANCE.CreateFile(name, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (h != null && !WinBase.INVALID_HANDLE_VALUE.equals(h)) {
            Kernel32.INSTANCE.CloseHandle(h);
        }
    }

    private static final class Win32Client implements Client {
        private final WinNT.HANDLE pipe;

        Win32Client(WinNT.HANDLE pipe) {
            this.pipe = pipe;
        }

        @Override
        public int processId() throws PlatformException {
            WinDef.ULONGByReference pid = new WinDef.ULONGByReference();
            if (!Kernel32.INSTANCE.GetNamedPipeClientProcessId(pipe, pid)) {
                throw new PlatformException("GetNamedPipeClientProcessId", Kernel32.INSTANCE.GetLastError());
            }
            return pid.getValue().intValue();
        }

        @Override
        public byte[] read(int max) throws PlatformException {
            byte[] buffer = new byte[max];
            IntByReference read = new IntByReference();
            if (!Kernel32.INSTANCE.ReadFile(pipe, buffer, max, read, null)) {
                int error = Kernel32.INSTANCE.GetLastError();
                throw new PlatformException(error == ERROR_MORE_DATA ? "request longer than " + max + " bytes"
                        : "reading the request", error);
            }
            return Arrays.copyOf(buffer, read.getValue());
        }

        @Override
        public void write(byte[] message) throws PlatformException {
            IntByReference written = new IntByReference();
            if (!Kernel32.INSTANCE.WriteFile(pipe, message, message.length, written, null)
                    || written.getValue() != message.length) {
                throw new PlatformException("writing to the launcher", Kernel32.INSTANCE.GetLastError());
            }
        }

        @Override
        public Access debugAccess(int pid) {
            if (!WercliAdvapi32.INSTANCE.ImpersonateNamedPipeClient(pipe)) {
                return Access.denied("impersonate", Kernel32.INSTANCE.GetLastError());
            }
            Access access;
            try {
                WinNT.HANDLE process = Kernel32.INSTANCE.OpenProcess(DEBUG_RIGHTS, false, pid);
                if (process == null) {
                    access = Access.denied("open", Kernel32.INSTANCE.GetLastError());
                } else {
                    Kernel32.INSTANCE.CloseHandle(process);
                    access = Access.granted();
                }
            } finally {
                if (!Advapi32.INSTANCE.RevertToSelf()) {
                    // A service thread left running as its client would act with the client's rights (or worse,
                    // a later capture with someone else's): end the service rather than go on.
                    Runtime.getRuntime().halt(1);
                }
            }
            return access;
        }

        @Override
        public long duplicateFromClient(long handle) throws PlatformException {
            int pid = processId();
            WinNT.HANDLE client = Kernel32.INSTANCE.OpenProcess(WinNT.PROCESS_DUP_HANDLE, false, pid);
            if (client == null) {
                throw new PlatformException("cannot open the launcher (pid " + pid + ") to take its event handle",
                        Kernel32.INSTANCE.GetLastError());
            }
            try {
                WinNT.HANDLEByReference copy = new WinNT.HANDLEByReference();
                if (!Kernel32.INSTANCE.DuplicateHandle(client, Handles.fromValue(handle),
                        Kernel32.INSTANCE.GetCurrentProcess(), copy, 0, false, DUPLICATE_SAME_ACCESS)) {
                    throw new PlatformException("cannot duplicate the launcher's event handle " + handle,
                            Kernel32.INSTANCE.GetLastError());
                }
                return Pointer.nativeValue(copy.getValue().getPointer());
            } finally {
                Kernel32.INSTANCE.CloseHandle(client);
            }
        }

        @Override
        public void closeDuplicate(long handle) {
            Handles.closeValue(handle);
        }

        @Override
        public void close() {
            Kernel32.INSTANCE.FlushFileBuffers(pipe);
            Kernel32.INSTANCE.DisconnectNamedPipe(pipe);
            Kernel32.INSTANCE.CloseHandle(pipe);
        }
    }
}
