package dev.wercli.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar for sizes on wercli's command lines ({@code install --max-size}, {@code attach --max-size}):
 * a number of bytes, or a number with K, M, G or T, optionally followed by B or iB. Units are powers of
 * 1024 whichever way they are written, as Explorer shows sizes, so "2G", "2GB" and "2GiB" are the same.
 */
public final class Size {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?");

    private Size() {
    }

    /** The bytes {@code text} stands for; an IllegalArgumentException without the option's name otherwise. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 500M, 2G or a number of bytes)");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 40;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException("overflow");
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large a size: '" + text + "'");
        }
    }
}
