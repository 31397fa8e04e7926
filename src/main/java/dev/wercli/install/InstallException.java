package dev.wercli.install;

/** Install/uninstall stopped; nothing was changed (or everything was rolled back, unless the message says not). */
public class InstallException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Not allowed to write HKLM. */
        NOT_ELEVATED,
        /** The registry holds something wercli will not overwrite or cannot restore (use --force where offered). */
        CONFLICT,
        /** Bad settings (path, option). */
        BAD_INPUT,
        /** A write failed half way; what was written was rolled back. */
        FAILED
    }

    private final Kind kind;

    public InstallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public InstallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
