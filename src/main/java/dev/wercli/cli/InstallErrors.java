package dev.wercli.cli;

import dev.wercli.install.InstallException;

/** Maps install/uninstall failures to wercli's exit codes. */
final class InstallErrors {
    private InstallErrors() {
    }

    static WercliException of(InstallException e) {
        ExitCode code = switch (e.kind()) {
            case NOT_ELEVATED -> ExitCode.NOT_ELEVATED;
            case CONFLICT -> ExitCode.CONFLICT;
            case BAD_INPUT -> ExitCode.USAGE;
            case FAILED -> ExitCode.IO_ERROR;
        };
        return new WercliException(code, e.getMessage(), e);
    }
}
