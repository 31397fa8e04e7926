package dev.wercli.cli;

import picocli.CommandLine;

import java.util.function.Supplier;

/**
 * Makes the exception for a usage error (exit code 2). Under picocli it is picocli's ParameterException,
 * so the message comes with the usual hint; on attach's fast path ({@link AttachFastPath}) it is a
 * {@link Problem}, after which picocli parses the same command line again and reports it.
 */
@FunctionalInterface
interface Usage {
    RuntimeException error(String message);

    /** {@code check}'s value, or this usage error when a setting's check (see config.Limits) refuses it. */
    default <T> T check(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    static Usage of(CommandLine commandLine) {
        return message -> new CommandLine.ParameterException(commandLine, message);
    }

    /** A usage error found without picocli's model. */
    final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
