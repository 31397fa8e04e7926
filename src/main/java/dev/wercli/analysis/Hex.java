package dev.wercli.analysis;

import java.util.Locale;

/** The hex spellings used throughout reports: addresses and codes are strings, never JSON numbers. */
public final class Hex {
    private Hex() {
    }

    /** An address, 16 digits: "0x0000000000000010". Strings, because JSON numbers lose bits past 2^53. */
    public static String address(long value) {
        return String.format(Locale.ROOT, "0x%016x", value);
    }

    /** An exception code, 8 upper-case digits: "0xC0000005" (as Microsoft documents them). */
    public static String code(int value) {
        return String.format(Locale.ROOT, "0x%08X", value);
    }

    /** A value without padding: "0x10". */
    public static String value(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Parses "0x1F", "1F" or "0X1f" as an unsigned 64-bit value. */
    public static long parse(String text) {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 16) {
            throw new NumberFormatException("not a 64-bit hex number: '" + text + "'");
        }
        return Long.parseUnsignedLong(t, 16);
    }
}
