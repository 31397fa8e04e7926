package dev.wercli.platform.win32;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.wercli.snapshot.ModuleInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The modules of a 32-bit (WOW64) process, read by the 64-bit wercli through psapi's EnumProcessModulesEx
 * with LIST_MODULES_32BIT, then each module's size (GetModuleInformation) and path (GetModuleFileNameExW).
 */
final class Wow64Modules {
    private static final int LIST_MODULES_32BIT = 0x01;
    private static final int MAX_MODULES = 4096;
    /** MODULEINFO on x64: lpBaseOfDll (8), SizeOfImage (4, padded to 8), EntryPoint (8). */
    private static final int MODULEINFO_SIZE = 24;
    private static final int MODULEINFO_SIZE_OF_IMAGE = 8;

    private Wow64Modules() {
    }

    static List<ModuleInfo> list(int pid) {
        List<ModuleInfo> out = new ArrayList<>();
        HANDLE h = CaptureKernel32.INSTANCE.OpenProcess(WinNT.PROCESS_QUERY_INFORMATION | WinNT.PROCESS_VM_READ,
                false, pid);
        if (h == null) {
            return out;
        }
        try (Handles.Owned process = new Handles.Owned(h)) {
            Memory handles = new Memory((long) MAX_MODULES * Native.POINTER_SIZE);
            IntByReference needed = new IntByReference();
            if (!CaptureKernel32.INSTANCE.K32EnumProcessModulesEx(process.get(), handles, (int) handles.size(), needed,
                    LIST_MODULES_32BIT)) {
                return out;
            }
            int count = Math.min(needed.getValue() / Native.POINTER_SIZE, MAX_MODULES);
            Memory info = new Memory(MODULEINFO_SIZE);
            char[] name = new char[32768];
            for (int i = 0; i < count; i++) {
                Pointer module = handles.getPointer((long) i * Native.POINTER_SIZE);
                info.clear();
                if (module == null || !CaptureKernel32.INSTANCE.K32GetModuleInformation(process.get(), module, info,
                        MODULEINFO_SIZE)) {
                    continue;
                }
                int length = CaptureKernel32.INSTANCE.K32GetModuleFileNameExW(process.get(), module, name, name.length);
                if (length <= 0) {
                    continue;
                }
                out.add(ModuleInfo.of(new String(name, 0, length), Pointer.nativeValue(module),
                        Integer.toUnsignedLong(info.getInt(MODULEINFO_SIZE_OF_IMAGE))));
            }
        }
        return out;
    }
}
