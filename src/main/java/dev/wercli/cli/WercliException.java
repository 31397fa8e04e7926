package dev.wercli.cli;

/**
 * The one error type that reaches the command line: a one-line message and the exit code to return.
 * Anything else that escapes a command is a bug and exits with {@link ExitCode#INTERNAL}.
 */
public class WercliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public WercliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public WercliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
