package dev.wercli.store;


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
}
