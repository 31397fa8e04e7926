package dev.wercli.platform.win32;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.ptr.PointerByReference;
import dev.wercli.platform.PlatformException;

/** Security descriptors written as SDDL, for the objects wercli creates with an explicit ACL (folders, the pipe). */
final class Sddl {
    private Sddl() {
    }

    /** The descriptor {@code sddl} describes; Windows allocated it, and whoever is done with it LocalFrees it. */
    static Pointer descriptor(String sddl) throws PlatformException {
        PointerByReference sd = new PointerByReference();
        if (!WercliAdvapi32.INSTANCE.ConvertStringSecurityDescriptorToSecurityDescriptor(sddl,
                WercliAdvapi32.SDDL_REVISION_1, sd, null)) {
            throw new PlatformException("bad security descriptor " + sddl, Kernel32.INSTANCE.GetLastError());
        }
        return sd.getValue();
    }

    /** SECURITY_ATTRIBUTES carrying {@code descriptor}, not inheritable. */
    static WinBase.SECURITY_ATTRIBUTES attributes(Pointer descriptor) {
        WinBase.SECURITY_ATTRIBUTES sa = new WinBase.SECURITY_ATTRIBUTES();
        sa.dwLength = new WinDef.DWORD(sa.size());
        sa.lpSecurityDescriptor = descriptor;
        sa.bInheritHandle = false;
        return sa;
    }
}
