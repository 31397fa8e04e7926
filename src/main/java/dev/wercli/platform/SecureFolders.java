package dev.wercli.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * Folders with an explicit, protected ACL (nothing inherited from the parent). Dumps hold process memory, so
 * Microsoft asks postmortem dump folders to be at least as strict as C:\Windows\Temp.
 */
public interface SecureFolders {
    /**
     * What ordinary users (BUILTIN\Users) may do in the folder, besides SYSTEM, Administrators and the creator.
     * DROP_BOX is C:\Windows\Temp's rule: users may create files (a crashed non-admin process runs wercli as
     * its own user and must be able to write its dump) but not list the folder, and each file belongs to its
     * creator alone (CREATOR OWNER), so no user can read another's dump.
     */
    enum UsersAccess { NONE, READ, DROP_BOX }

    /** One access control entry, with the principal resolved to a name where possible. */
    record Entry(String principal, String sid, boolean allow, int accessMask, boolean inherited) {
    }

    /** The owner and the DACL entries of a folder. */
    record Acl(String owner, String ownerSid, boolean inheritanceProtected, List<Entry> entries) {
    }

    /**
     * Creates {@code dir} (and missing parents, with default ACLs) and gives {@code dir} itself a protected DACL:
     * full control for SYSTEM, Administrators and the current user, plus {@code users} for BUILTIN\Users.
     * Returns false when the folder already existed (its ACL is left alone).
     */
    boolean create(Path dir, UsersAccess users) throws PlatformException;

    Acl read(Path dir) throws PlatformException;
}
