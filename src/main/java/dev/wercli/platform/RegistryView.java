package dev.wercli.platform;

/**
 * Which registry view a call reaches. AeDebug exists twice on 64-bit Windows (the 64-bit key and its
 * WOW6432Node twin for 32-bit processes), so every registry call names its view instead of inheriting the
 * caller's bitness.
 */
public enum RegistryView {
    /** KEY_WOW64_64KEY: the key 64-bit processes see. */
    WOW64_64KEY("64-bit"),
    /** KEY_WOW64_32KEY: the key 32-bit processes see (WOW6432Node). */
    WOW64_32KEY("32-bit");

    private final String label;

    RegistryView(String label) {
        this.label = label;
    }

    /** "64-bit" / "32-bit", for messages. */
    public String label() {
        return label;
    }
}
