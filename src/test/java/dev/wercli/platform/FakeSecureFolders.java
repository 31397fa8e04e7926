package dev.wercli.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates real folders (so counts and sizes work) and remembers the ACL it would have set. */
public final class FakeSecureFolders implements SecureFolders {
    private final Map<Path, Acl> acls = new HashMap<>();

    @Override
    public boolean create(Path dir, UsersAccess users) {
        if (Files.isDirectory(dir)) {
            return false;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> entries = new ArrayList<>(List.of(
                new Entry("NT AUTHORITY\\SYSTEM", "S-1-5-18", true, 0x1F01FF, false),
                new Entry("BUILTIN\\Administrators", "S-1-5-32-544", true, 0x1F01FF, false),
                new Entry("TEST\\creator", "S-1-5-21-1-2-3-1001", true, 0x1F01FF, false)));
        if (users == UsersAccess.READ) {
            entries.add(new Entry("BUILTIN\\Users", "S-1-5-32-545", true, 0x1200A9, false));
        }
        acls.put(dir.toAbsolutePath(), new Acl("BUILTIN\\Administrators", "S-1-5-32-544", true, entries));
        return true;
    }

    @Override
    public Acl read(Path dir) throws PlatformException {
        Acl acl = acls.get(dir.toAbsolutePath());
        if (acl == null) {
            throw new PlatformException("no ACL recorded for " + dir, 2);
        }
        return acl;
    }

    /** Whether {@link #create} made this folder. */
    public boolean created(Path dir) {
        return acls.containsKey(dir.toAbsolutePath());
    }
}
