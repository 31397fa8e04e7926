package dev.wercli.platform.win32;

import dev.wercli.platform.RegistryValue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Registry value bytes (RegQueryValueEx / RegSetValueEx data) to and from {@link RegistryValue}; no JNA, testable anywhere. */
final class RegistryCodec {
    private RegistryCodec() {
    }

    static RegistryValue decode(int type, byte[] data, int size) {
        switch (type) {
            case RegistryValue.REG_SZ:
                return new RegistryValue.Sz(utf16(data, size));
            case RegistryValue.REG_EXPAND_SZ:
                return new RegistryValue.ExpandSz(utf16(data, size));
            case RegistryValue.REG_DWORD:
                if (size < 4) {
                    return new RegistryValue.Other(type);
                }
                return new RegistryValue.Dword(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
            default:
                return new RegistryValue.Other(type);
        }
    }

    /** UTF-16LE up to the first NUL: the stored terminator (present or not) is not part of the text. */
    private static String utf16(byte[] data, int size) {
        String s = new String(data, 0, size - (size % 2), StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    static byte[] encode(RegistryValue value) {
        String text = RegistryValue.textOf(value);
        if (text != null) {
            return (text + "\0").getBytes(StandardCharsets.UTF_16LE);
        }
        if (value instanceof RegistryValue.Dword d) {
            return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(d.value()).array();
        }
        throw new IllegalArgumentException("wercli does not write " + value.describe());
    }
}
