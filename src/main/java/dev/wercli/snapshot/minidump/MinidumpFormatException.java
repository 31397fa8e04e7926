package dev.wercli.snapshot.minidump;

/**
 * The typed error of the minidump reader: the bytes at {@link #problem()} do not hold a valid structure.
 * Raised while decoding; the reader catches it per stream and records the problem, so it only escapes
 * {@link MinidumpReader} when not even the header and stream directory can be read.
 */
public class MinidumpFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient MinidumpProblem problem;

    public MinidumpFormatException(MinidumpProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public MinidumpFormatException(String stream, long offset, String message) {
        this(new MinidumpProblem(stream, offset, message));
    }

    public MinidumpProblem problem() {
        return problem;
    }
}
