package dev.wercli.platform.win32;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.SecureFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link SecureFolders} via an SDDL string, CreateDirectory and GetFileSecurity. */
public final class Win32SecureFolders implements SecureFolders {
    @Override
    public boolean create(Path dir, UsersAccess users) throws PlatformException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        try {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
        } catch (IOException e) {
            throw new PlatformException("cannot create " + dir.getParent() + ": " + e.getMessage(), 0, e);
        }
        String sddl = sddl(currentUserSid(), users);
        Pointer sd = Sddl.descriptor(sddl);
        try {
            if (!Kernel32.INSTANCE.CreateDirectory(dir.toString(), Sddl.attributes(sd))) {
                throw new PlatformException("cannot create " + dir, Kernel32.INSTANCE.GetLastError());
            }
        } finally {
            Kernel32.INSTANCE.LocalFree(sd);
        }
        return true;
    }

    /**
     * Protected DACL ("P": nothing inherited from ProgramData, whose ACL lets Users create files), full control
     * for SYSTEM, Administrators and the creator, inherited by files and subfolders (OICI).
     */
    static String sddl(String creatorSid, UsersAccess users) {
        String s = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;" + creatorSid + ")";
        switch (users) {
            case READ:
                return s + "(A;OICI;FRFX;;;BU)";
            case DROP_BOX:
                // Users: add file, add subfolder, traverse, synchronize, on this folder only (no list, no read);
                // CREATOR OWNER: full control of what each one creates (inherit-only).
                return s + "(A;;0x100026;;;BU)(A;OICIIO;FA;;;CO)";
            default:
                return s;
        }
    }

    private static String currentUserSid() throws PlatformException {
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(), WinNT.TOKEN_QUERY, token)) {
            throw new PlatformException("cannot open the process token", Kernel32.INSTANCE.GetLastError());
        }
        try {
            return Advapi32Util.getTokenAccount(token.getValue()).sidString;
        } catch (Win32Exception e) {
            throw new PlatformException("cannot read the process token's user", e.getErrorCode(), e);
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
    }

    @Override
    public Acl read(Path dir) throws PlatformException {
        WinNT.SECURITY_DESCRIPTOR_RELATIVE sd;
        try {
            sd = Advapi32Util.getFileSecurityDescriptor(dir.toFile(), false);
        } catch (Win32Exception e) {
            throw new PlatformException("cannot read the ACL of " + dir, e.getErrorCode(), e);
        }
        String ownerSid = sd.Owner == 0 ? "" : Advapi32Util.convertSidToStringSid(sd.getOwner());
        List<Entry> entries = new ArrayList<>();
        WinNT.ACL dacl = sd.Dacl == 0 ? null : sd.getDiscretionaryACL();
        if (dacl != null) {
            for (WinNT.ACE_HEADER ace : dacl.getACEs()) {
                if (ace instanceof WinNT.ACCESS_ACEStructure a) {
                    String sid = a.getSidString();
                    entries.add(new Entry(nameOf(sid), sid, ace.AceType == WinNT.ACCESS_ALLOWED_ACE_TYPE, a.Mask,
                            (ace.AceFlags & WinNT.INHERITED_ACE) != 0));
                }
            }
        }
        boolean isProtected = (sd.Control & WinNT.SE_DACL_PROTECTED) != 0;
        return new Acl(ownerSid.isEmpty() ? "" : nameOf(ownerSid), ownerSid, isProtected, entries);
    }

    /** DOMAIN\name, or the SID itself when it does not resolve. */
    private static String nameOf(String sid) {
        try {
            Advapi32Util.Account account = Advapi32Util.getAccountBySid(sid);
            return account.domain == null || account.domain.isEmpty() ? account.name
                    : account.domain + "\\" + account.name;
        } catch (Win32Exception e) {
            return sid;
        }
    }

}
