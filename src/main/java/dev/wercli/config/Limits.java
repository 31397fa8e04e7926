package dev.wercli.config;

/**
 * The checks of the settings' values, one per option, whichever command takes it (install saves them,
 * attach may override them, flush has its own --timeout). Each throws an IllegalArgumentException whose
 * message is the one-line usage error; commands turn it into exit code 2.
 */
public final class Limits {
    /** The watchdog needs at least a second; an hour is longer than any capture should keep a process waiting. */
    public static final int MIN_TIMEOUT_SECONDS = 1;
    public static final int MAX_TIMEOUT_SECONDS = 3600;
    /** "1..3600", a constant so that option descriptions (annotations) can say it too. */
    public static final String TIMEOUT_RANGE = MIN_TIMEOUT_SECONDS + ".." + MAX_TIMEOUT_SECONDS;

    private Limits() {
    }

    public static int timeoutSeconds(int seconds) {
        if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("--timeout must be " + TIMEOUT_RANGE + " seconds, got " + seconds);
        }
        return seconds;
    }

    public static int keep(int captures) {
        if (captures < 0) {
            throw new IllegalArgumentException("--keep must be 0 (no limit) or more, got " + captures);
        }
        return captures;
    }

    /** {@code --max-size} in the {@link Size} grammar. */
    public static long maxSize(String text) {
        try {
            return Size.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-size: " + e.getMessage(), e);
        }
    }
}
