package dev.wercli.platform.win32;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.W32Errors;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.IntByReference;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Registry} over advapi32, HKEY_LOCAL_MACHINE (or, for the WER module registration only,
 * HKEY_CURRENT_USER: {@link #currentUser()}), with KEY_WOW64_64KEY / KEY_WOW64_32KEY on every open.
 */
public final class Win32Registry implements Registry {
    private static final Advapi32 API = Advapi32.INSTANCE;

    private final WinReg.HKEY root;
    private final String rootName;

    public Win32Registry() {
        this(WinReg.HKEY_LOCAL_MACHINE, "HKLM");
    }

    private Win32Registry(WinReg.HKEY root, String rootName) {
        this.root = root;
        this.rootName = rootName;
    }

    /** The same operations on HKEY_CURRENT_USER (key paths relative to it). */
    public static Win32Registry currentUser() {
        return new Win32Registry(WinReg.HKEY_CURRENT_USER, "HKCU");
    }

    @Override
    public Optional<RegistryValue> read(RegistryView view, String key, String name) throws PlatformException {
        try (OpenKey k = open(view, key, WinNT.KEY_QUERY_VALUE)) {
            if (k == null) {
                return Optional.empty();
            }
            IntByReference type = new IntByReference();
            IntByReference size = new IntByReference();
            int rc = API.RegQueryValueEx(k.handle, name, 0, type, (byte[]) null, size);
            if (rc == W32Errors.ERROR_FILE_NOT_FOUND) {
                return Optional.empty();
            }
            check(rc, "cannot read " + where(view, key, name));
            byte[] data = new byte[Math.max(size.getValue(), 1)];
            size.setValue(data.length);
            rc = API.RegQueryValueEx(k.handle, name, 0, type, data, size);
            check(rc, "cannot read " + where(view, key, name));
            return Optional.of(RegistryCodec.decode(type.getValue(), data, size.getValue()));
        }
    }

    @Override
    public void write(RegistryView view, String key, String name, RegistryValue value) throws PlatformException {
        byte[] data = RegistryCodec.encode(value);
        try (OpenKey k = create(view, key, WinNT.KEY_SET_VALUE)) {
            int rc = API.RegSetValueEx(k.handle, name, 0, value.type(), data, data.length);
            check(rc, "cannot write " + where(view, key, name));
        }
    }

    @Override
    public void deleteValue(RegistryView view, String key, String name) throws PlatformException {
        try (OpenKey k = open(view, key, WinNT.KEY_SET_VALUE)) {
            if (k == null) {
                return;
            }
            int rc = API.RegDeleteValue(k.handle, name);
            if (rc != W32Errors.ERROR_FILE_NOT_FOUND) {
                check(rc, "cannot delete " + where(view, key, name));
            }
        }
    }

    @Override
    public boolean keyExists(RegistryView view, String key) throws PlatformException {
        try (OpenKey k = open(view, key, WinNT.KEY_QUERY_VALUE)) {
            return k != null;
        }
    }

    @Override
    public List<String> valueNames(RegistryView view, String key) throws PlatformException {
        List<String> names = new ArrayList<>();
        try (OpenKey k = open(view, key, WinNT.KEY_QUERY_VALUE)) {
            if (k == null) {
                return names;
            }
            char[] buffer = new char[16384]; // the documented maximum value-name length, plus the NUL
            for (int i = 0; ; i++) {
                IntByReference length = new IntByReference(buffer.length);
                int rc = API.RegEnumValue(k.handle, i, buffer, length, null, null, (byte[]) null, null);
                if (rc == W32Errors.ERROR_NO_MORE_ITEMS) {
                    return names;
                }
                check(rc, "cannot list the values of " + where(view, key, null));
                names.add(new String(buffer, 0, length.getValue()));
            }
        }
    }

    @Override
    public List<String> subKeyNames(RegistryView view, String key) throws PlatformException {
        List<String> names = new ArrayList<>();
        try (OpenKey k = open(view, key, WinNT.KEY_ENUMERATE_SUB_KEYS)) {
            if (k == null) {
                return names;
            }
            char[] buffer = new char[256]; // key names are at most 255 characters
            for (int i = 0; ; i++) {
                IntByReference length = new IntByReference(buffer.length);
                int rc = API.RegEnumKeyEx(k.handle, i, buffer, length, null, null, null, null);
                if (rc == W32Errors.ERROR_NO_MORE_ITEMS) {
                    return names;
                }
                check(rc, "cannot list the subkeys of " + where(view, key, null));
                names.add(new String(buffer, 0, length.getValue()));
            }
        }
    }

    @Override
    public void createKey(RegistryView view, String key) throws PlatformException {
        try (OpenKey k = create(view, key, WinNT.KEY_QUERY_VALUE)) {
            // created (or opened) is all we need
        }
    }

    @Override
    public void deleteKey(RegistryView view, String key) throws PlatformException {
        int rc = WercliAdvapi32.INSTANCE.RegDeleteKeyEx(root, key, viewFlag(view), 0);
        if (rc != W32Errors.ERROR_FILE_NOT_FOUND) {
            check(rc, "cannot delete " + where(view, key, null));
        }
    }

    static int viewFlag(RegistryView view) {
        return view == RegistryView.WOW64_64KEY ? WinNT.KEY_WOW64_64KEY : WinNT.KEY_WOW64_32KEY;
    }

    /** Opens an existing key; null when it does not exist. */
    private OpenKey open(RegistryView view, String key, int access) throws PlatformException {
        WinReg.HKEYByReference ref = new WinReg.HKEYByReference();
        int rc = API.RegOpenKeyEx(root, key, 0, access | viewFlag(view), ref);
        if (rc == W32Errors.ERROR_FILE_NOT_FOUND) {
            return null;
        }
        check(rc, "cannot open " + where(view, key, null));
        return new OpenKey(ref.getValue());
    }

    private OpenKey create(RegistryView view, String key, int access) throws PlatformException {
        WinReg.HKEYByReference ref = new WinReg.HKEYByReference();
        int rc = API.RegCreateKeyEx(root, key, 0, null, WinNT.REG_OPTION_NON_VOLATILE,
                access | viewFlag(view), null, ref, new IntByReference());
        check(rc, "cannot create " + where(view, key, null));
        return new OpenKey(ref.getValue());
    }

    private static void check(int rc, String what) throws PlatformException {
        if (rc != W32Errors.ERROR_SUCCESS) {
            throw new PlatformException(what, rc);
        }
    }

    private String where(RegistryView view, String key, String name) {
        return rootName + "\\" + key + (name == null ? "" : " value " + name) + " (" + view.label() + " view)";
    }

    /** An open HKEY that closes itself. */
    private static final class OpenKey implements AutoCloseable {
        final WinReg.HKEY handle;

        OpenKey(WinReg.HKEY handle) {
            this.handle = handle;
        }

        @Override
        public void close() {
            API.RegCloseKey(handle);
        }
    }
}
