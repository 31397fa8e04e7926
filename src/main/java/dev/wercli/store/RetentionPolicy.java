package dev.wercli.store;

import java.util.Locale;

/**
 * How much the dump folder may hold.
 *
 * @param keepPerApp at most this many captures per application (by image name, case-insensitive); 0 = no limit
 * @param maxBytes   at most this many bytes of dumps and reports in all; 0 = no limit
 */
public record RetentionPolicy(int keepPerApp, long maxBytes) {
    public static final RetentionPolicy UNLIMITED = new RetentionPolicy(0, 0);

    public RetentionPolicy {
        if (keepPerApp < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("retention limits cannot be negative");
        }
    }

    public boolean unlimited() {
        return keepPerApp == 0 && maxBytes == 0;
    }

    /**
     * Parses a size such as {@code 500M}, {@code 2G}, {@code 750K} or {@code 123456} (bytes). Units are powers
     * of 1024, as Explorer shows sizes; a trailing "B" or "iB" is accepted.
     */
    public static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 500M, 2G or a number of bytes)");
        }
    }
}
