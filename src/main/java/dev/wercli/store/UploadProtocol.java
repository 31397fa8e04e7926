package dev.wercli.store;

import java.util.Locale;

/** How captures are sent: the wire format a crash backend speaks. */
public enum UploadProtocol {
    /** wercli's own: the report POSTed as JSON, the dump PUT after it (only with --upload-dumps). */
    WERCLI,
    /**
     * The Breakpad/Crashpad minidump upload: one multipart/form-data POST with the dump as
     * {@code upload_file_minidump} and annotations as fields (Socorro, BugSplat, Backtrace, Sentry's minidump
     * endpoint, self-hosted collectors).
     */
    BREAKPAD,
    /** A Sentry envelope (native event + minidump and report attachments) sent to a DSN's project. */
    SENTRY;

    /** The name in options and the settings file: "wercli", "breakpad", "sentry". */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an option value (case-insensitive); IllegalArgumentException names the accepted ones. */
    public static UploadProtocol parse(String value) {
        for (UploadProtocol p : values()) {
            if (p.optionName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown upload protocol '" + value + "': expected wercli, breakpad or sentry");
    }
}
