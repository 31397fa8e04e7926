package dev.wercli.cli;

import dev.wercli.capture.CaptureFailure;

/** How each way a capture can fail maps onto the exit-code table. */
final class AttachExitCodes {
    private AttachExitCodes() {
    }

    static ExitCode of(CaptureFailure failure) {
        switch (failure) {
            case REFUSED: return ExitCode.REFUSED;
            case ATTACH: return ExitCode.ATTACH_FAILED;
            case NO_EXCEPTION: return ExitCode.NO_EXCEPTION;
            case DUMP: return ExitCode.DUMP_FAILED;
            case REPORT: return ExitCode.REPORT_FAILED;
            case TIMEOUT: return ExitCode.TIMEOUT;
            default: return ExitCode.INTERNAL;
        }
    }
}
