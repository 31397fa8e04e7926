package dev.wercli.platform.win32;

import dev.wercli.platform.SecureFolders.UsersAccess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SDDL written for wercli's folders (ACE strings as documented for SDDL; rights in hex where special). */
class DumpFolderAclTest {
    static final String ADMINS_AND_CREATOR = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;S-1-5-21-1-2-3-1001)";

    @Test
    void theDumpFolderIsADropBoxLikeWindowsTemp() {
        // Users: FILE_ADD_FILE 0x2 | FILE_ADD_SUBDIRECTORY 0x4 | FILE_TRAVERSE 0x20 | SYNCHRONIZE 0x100000, this
        // folder only (no OI/CI flags); no FILE_LIST_DIRECTORY, no read. CREATOR OWNER: full, inherit-only.
        assertEquals(ADMINS_AND_CREATOR + "(A;;0x100026;;;BU)(A;OICIIO;FA;;;CO)",
                Win32SecureFolders.sddl("S-1-5-21-1-2-3-1001", UsersAccess.DROP_BOX));
    }

    @Test
    void theSettingsFolderIsReadableByUsersAndTheStrictFolderIsNot() {
        assertEquals(ADMINS_AND_CREATOR + "(A;OICI;FRFX;;;BU)", Win32SecureFolders.sddl("S-1-5-21-1-2-3-1001", UsersAccess.READ));
        assertEquals(ADMINS_AND_CREATOR, Win32SecureFolders.sddl("S-1-5-21-1-2-3-1001", UsersAccess.NONE));
    }
}
