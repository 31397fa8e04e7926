package dev.wercli.platform.win32;

import dev.wercli.platform.RegistryValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fixtures are the bytes RegQueryValueEx returns, written out by hand (REG_SZ = 1, REG_EXPAND_SZ = 2, REG_DWORD = 4). */
class RegistryCodecTest {
    /** "1" in UTF-16LE with its terminating NUL, as Windows stores a REG_SZ. */
    static final byte[] SZ_ONE = {0x31, 0x00, 0x00, 0x00};

    @Test
    void stringWithAndWithoutTerminator() {
        assertEquals(new RegistryValue.Sz("1"), RegistryCodec.decode(1, SZ_ONE, 4));
        assertEquals(new RegistryValue.Sz("1"), RegistryCodec.decode(1, new byte[] {0x31, 0x00}, 2), "no NUL stored");
        assertEquals(new RegistryValue.ExpandSz("%A%"),
                RegistryCodec.decode(2, new byte[] {0x25, 0, 0x41, 0, 0x25, 0, 0, 0}, 8));
        assertEquals(new RegistryValue.Sz(""), RegistryCodec.decode(1, new byte[] {0}, 0), "empty value");
    }

    @Test
    void dwordIsLittleEndian() {
        assertEquals(new RegistryValue.Dword(0x01020304), RegistryCodec.decode(4, new byte[] {4, 3, 2, 1}, 4));
        assertEquals(new RegistryValue.Other(4), RegistryCodec.decode(4, new byte[] {1, 0}, 2), "a short DWORD is not trusted");
    }

    @Test
    void otherTypesAreReportedNotDecoded() {
        assertEquals(new RegistryValue.Other(3), RegistryCodec.decode(3, new byte[] {1, 2, 3}, 3));
        assertEquals(new RegistryValue.Other(7), RegistryCodec.decode(7, new byte[] {0x41, 0, 0, 0, 0, 0}, 6));
    }

    @Test
    void encodeWritesTheTerminatorAndLittleEndianDwords() {
        assertArrayEquals(SZ_ONE, RegistryCodec.encode(new RegistryValue.Sz("1")));
        assertArrayEquals(new byte[] {1, 0, 0, 0}, RegistryCodec.encode(new RegistryValue.Dword(1)));
        assertArrayEquals(new byte[] {(byte) 0xE9, 0, 0, 0}, RegistryCodec.encode(new RegistryValue.ExpandSz("\u00e9")));
        assertThrows(IllegalArgumentException.class, () -> RegistryCodec.encode(new RegistryValue.Other(3)));
    }
}
