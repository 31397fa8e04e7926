package dev.wercli.cli;

import dev.wercli.capture.CaptureFailure;
import dev.wercli.install.InstallException;

/**
 * Every exit code wercli returns, and which failure of the layers below gives which code: the one table.
 * The README lists it (ExitCodeTest holds the two in step); native-launcher/README.md adds only the
 * launcher's own codes. Codes are stable: scripts and the AeDebug harness depend on them.
 */
public enum ExitCode {
    OK(0, "success"),
    INTERNAL(1, "unexpected internal error (a bug in wercli)"),
    USAGE(2, "bad arguments"),
    ATTACH_FAILED(3, "could not attach: no such process, access denied, or already being debugged"),
    NO_EXCEPTION(4, "attached, but no crash exception arrived (the process exited or the wait timed out)"),
    DUMP_FAILED(5, "the dump could not be written (folder missing or read-only, disk full, MiniDumpWriteDump failed)"),
    REPORT_FAILED(6, "the dump was written but the JSON report could not be"),
    TIMEOUT(7, "the watchdog fired: the capture took longer than --timeout; the process was released"),
    REFUSED(8, "refused: the target is wercli itself (recursion guard)"),
    NOT_WINDOWS(9, "this command needs Windows (or Wine)"),
    PARTIAL(10, "the input was read only in part (damaged file); what could be read was reported"),
    NOT_ELEVATED(11, "administrator rights are needed (run from an elevated prompt)"),
    CONFLICT(12, "another debugger replaced wercli; nothing changed (use --force)"),
    IO_ERROR(13, "a file could not be read or written");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** How a failed capture ends attach. */
    static ExitCode of(CaptureFailure failure) {
        return switch (failure) {
            case REFUSED -> REFUSED;
            case ATTACH -> ATTACH_FAILED;
            case NO_EXCEPTION -> NO_EXCEPTION;
            case DUMP -> DUMP_FAILED;
            case REPORT -> REPORT_FAILED;
            case TIMEOUT -> TIMEOUT;
            case INTERNAL -> INTERNAL;
        };
    }

    /** How a failed install or uninstall ends. */
    static ExitCode of(InstallException.Kind kind) {
        return switch (kind) {
            case NOT_ELEVATED -> NOT_ELEVATED;
            case CONFLICT -> CONFLICT;
            case BAD_INPUT -> USAGE;
            case FAILED -> IO_ERROR;
        };
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
