package dev.wercli.platform;

/**
 * A registry value with its type. wercli reads and writes three types; anything else is reported as
 * {@link Other} so callers can refuse to touch a value they could not restore exactly.
 */
public sealed interface RegistryValue {
    int REG_SZ = 1;
    int REG_EXPAND_SZ = 2;
    int REG_DWORD = 4;

    /** The Win32 REG_* type number. */
    int type();

    /** Type and data, as reg.exe would show them: {@code REG_SZ "1"}, {@code REG_DWORD 0x1}. */
    String describe();

    record Sz(String text) implements RegistryValue {
        @Override
        public int type() {
            return REG_SZ;
        }

        @Override
        public String describe() {
            return "REG_SZ \"" + text + "\"";
        }
    }

    record ExpandSz(String text) implements RegistryValue {
        @Override
        public int type() {
            return REG_EXPAND_SZ;
        }

        @Override
        public String describe() {
            return "REG_EXPAND_SZ \"" + text + "\"";
        }
    }

    record Dword(int value) implements RegistryValue {
        @Override
        public int type() {
            return REG_DWORD;
        }

        @Override
        public String describe() {
            return "REG_DWORD 0x" + Integer.toHexString(value);
        }
    }

    /** A value of a type wercli does not handle (binary, multi-string, qword...). Readable, never writable. */
    record Other(int type) implements RegistryValue {
        @Override
        public String describe() {
            return "registry type " + type;
        }
    }

    /** The text of a string value (REG_SZ or REG_EXPAND_SZ, unexpanded), or null for other types. */
    static String textOf(RegistryValue value) {
        if (value instanceof Sz sz) {
            return sz.text();
        }
        if (value instanceof ExpandSz ex) {
            return ex.text();
        }
        return null;
    }
}
