package dev.wercli.report;

/**
 * Loads and links the report analysis on a background thread, so that the analysis of the real crash,
 * which runs while the process is stopped, does not pay for it.
 *
 * <p>Jackson is deliberately not warmed here: the report is written after the process is released, so
 * loading Jackson's ~550 classes early would only compete, on a 2-core machine, with the attach and
 * MiniDumpWriteDump that the crashed process does wait for.
 * Not a method of {@link ReportJson} either: calling a static method there initialises that class, and
 * its mapper, on the caller's thread (measured: 170 ms on the main thread before the attach).
 */
public final class ReportWarmUp {
    private ReportWarmUp() {
    }

    public static void startInBackground() {
        Thread t = new Thread(ReportBuilder::warmUp, "wercli-report-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
