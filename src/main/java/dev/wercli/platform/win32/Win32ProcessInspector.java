package dev.wercli.platform.win32;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Tlhelp32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.wercli.platform.ProcessInspector;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ModuleInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Process facts through OpenProcess, Toolhelp snapshots and the target's PEB. */
final class Win32ProcessInspector implements ProcessInspector {
    private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    private static final int TH32CS_SNAPMODULE32 = 0x10;
    // x64 offsets: PROCESS_BASIC_INFORMATION.PebBaseAddress, PEB.ProcessParameters,
    // RTL_USER_PROCESS_PARAMETERS.CommandLine (a UNICODE_STRING: Length u16, MaximumLength u16, Buffer at +8).
    private static final int PBI_PEB = 0x08;
    private static final int PEB_PROCESS_PARAMETERS = 0x20;
    private static final int PARAMS_COMMAND_LINE = 0x70;
    private static final int MAX_COMMAND_LINE_BYTES = 65536;

    @Override
    public Optional<String> imagePath(int pid) {
        HANDLE h = CaptureKernel32.INSTANCE.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
        if (h == null) {
            return Optional.empty();
        }
        try (Handles.Owned p = new Handles.Owned(h)) {
            char[] buffer = new char[32768];
            IntByReference size = new IntByReference(buffer.length);
            if (!CaptureKernel32.INSTANCE.QueryFullProcessImageName(p.get(), 0, buffer, size)) {
                return Optional.empty();
            }
            return Optional.of(new String(buffer, 0, size.getValue()));
        }
    }

    @Override
    public Optional<String> commandLine(int pid) {
        HANDLE h = CaptureKernel32.INSTANCE.OpenProcess(WinNT.PROCESS_QUERY_INFORMATION | WinNT.PROCESS_VM_READ, false, pid);
        if (h == null) {
            return Optional.empty();
        }
        try (Handles.Owned p = new Handles.Owned(h)) {
            Memory pbi = new Memory(48);
            pbi.clear();
            int status = NtQuery.INSTANCE.NtQueryInformationProcess(p.get(), NtQuery.PROCESS_BASIC_INFORMATION, pbi,
                    48, new IntByReference());
            if (status != 0) {
                return Optional.empty();
            }
            Win32ProcessMemory memory = new Win32ProcessMemory(p.get());
            long peb = pbi.getLong(PBI_PEB);
            Optional<Long> params = memory.read(peb + PEB_PROCESS_PARAMETERS, 8).map(Win32ProcessInspector::u64);
            if (params.isEmpty()) {
                return Optional.empty();
            }
            Optional<byte[]> ustr = memory.read(params.get() + PARAMS_COMMAND_LINE, 16);
            if (ustr.isEmpty()) {
                return Optional.empty();
            }
            ByteBuffer u = ByteBuffer.wrap(ustr.get()).order(ByteOrder.LITTLE_ENDIAN);
            int length = Math.min(Short.toUnsignedInt(u.getShort(0)), MAX_COMMAND_LINE_BYTES);
            long buffer = u.getLong(8);
            return memory.read(buffer, length).map(b -> new String(b, StandardCharsets.UTF_16LE));
        }
    }

    private static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** X86 for a WOW64 process, X64 otherwise (wercli runs as a 64-bit process). */
    @Override
    public Architecture architecture(int pid) {
        HANDLE h = CaptureKernel32.INSTANCE.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
        if (h == null) {
            return Architecture.UNKNOWN;
        }
        try (Handles.Owned p = new Handles.Owned(h)) {
            IntByReference wow = new IntByReference();
            if (!CaptureKernel32.INSTANCE.IsWow64Process(p.get(), wow)) {
                return Architecture.UNKNOWN;
            }
            return wow.getValue() != 0 ? Architecture.X86 : Architecture.X64;
        }
    }

    @Override
    public List<ModuleInfo> modules(int pid) {
        // A 32-bit (WOW64) target's own modules: Toolhelp from a 64-bit caller fails for it under Wine
        // (error 998, ERROR_NOACCESS) and lists the 64-bit WOW64 layer on Windows; psapi's 32-bit filter lists the
        // modules of the x86 process as its own loader sees them, on both.
        if (architecture(pid) == Architecture.X86) {
            return Wow64Modules.list(pid);
        }
        List<ModuleInfo> out = new ArrayList<>();
        HANDLE snap = CaptureKernel32.INSTANCE.CreateToolhelp32Snapshot(
                new WinDef.DWORD(Tlhelp32.TH32CS_SNAPMODULE.intValue() | TH32CS_SNAPMODULE32), new WinDef.DWORD(pid));
        if (snap == null || WinNT.INVALID_HANDLE_VALUE.equals(snap)) {
            return out;
        }
        try (Handles.Owned s = new Handles.Owned(snap)) {
            Tlhelp32.MODULEENTRY32W entry = new Tlhelp32.MODULEENTRY32W();
            boolean more = CaptureKernel32.INSTANCE.Module32FirstW(s.get(), entry);
            while (more) {
                out.add(ModuleInfo.of(Native.toString(entry.szExePath), Pointer.nativeValue(entry.modBaseAddr),
                        Integer.toUnsignedLong(entry.modBaseSize.intValue())));
                more = CaptureKernel32.INSTANCE.Module32NextW(s.get(), entry);
            }
        }
        return out;
    }

    @Override
    public List<Integer> threadIds(int pid) {
        List<Integer> out = new ArrayList<>();
        HANDLE snap = CaptureKernel32.INSTANCE.CreateToolhelp32Snapshot(Tlhelp32.TH32CS_SNAPTHREAD, new WinDef.DWORD(0));
        if (snap == null || WinNT.INVALID_HANDLE_VALUE.equals(snap)) {
            return out;
        }
        try (Handles.Owned s = new Handles.Owned(snap)) {
            Tlhelp32.THREADENTRY32 entry = new Tlhelp32.THREADENTRY32();
            boolean more = CaptureKernel32.INSTANCE.Thread32First(s.get(), entry);
            while (more) {
                if (entry.th32OwnerProcessID == pid) {
                    out.add(entry.th32ThreadID);
                }
                more = CaptureKernel32.INSTANCE.Thread32Next(s.get(), entry);
            }
        }
        return out;
    }

    @Override
    public int currentPid() {
        return CaptureKernel32.INSTANCE.GetCurrentProcessId();
    }
}
