package dev.wercli.cli;

import dev.wercli.report.CrashReport;
import dev.wercli.store.CaptureListing;

import java.util.List;

/**
 * The human summary of one report: one labelled line per fact, the same for {@code show} (a report file)
 * and {@code analyze} (a report just made from a dump). Each command adds its head line and what only it
 * knows (analyze: how the dump file read); the crash itself is told here, once.
 */
final class ReportSummary {
    /** The top of the crash stack is what a reader needs; the rest stays in the report. */
    static final int MAX_FRAMES = 12;
    /** A damaged dump can have hundreds of problems; the JSON report has them all. */
    static final int MAX_ERRORS = 10;

    private final StringBuilder sb = new StringBuilder();

    /** A line "label     value"; an empty label continues the line above. */
    ReportSummary line(String label, String value) {
        sb.append(String.format("%-10s %s", label, value).stripTrailing()).append(System.lineSeparator());
        return this;
    }

    /** What crashed, where, and what was kept: everything but the errors. */
    ReportSummary crash(CrashReport r) {
        line("Captured", dash(r.capturedAt()) + "  outcome: " + dash(r.outcome()) + ", source: " + dash(r.source()));
        CrashReport.Process p = r.process();
        if (p != null) {
            line("Process", dash(p.imageName()) + ", pid " + (p.pid() == 0 ? "unknown" : p.pid()) + ", "
                    + dash(p.architecture()));
            if (p.commandLine() != null) {
                line("Command", p.commandLine());
            }
        }
        exception(r.exception());
        CrashReport.FaultingModule m = r.faultingModule();
        if (m != null) {
            line("Module", dash(m.name()) + (m.offset() != null ? "+" + m.offset() : ""));
        }
        stack(r.crashStack());
        CrashReport.Signature s = r.signature();
        if (s != null && s.bucketId() != null) {
            // The bucket's own terms say why two crashes share an id; an index-only signature has just the id.
            line("Signature", s.bucketId() + (s.moduleName() == null ? ""
                    : " (" + s.moduleName() + "+" + dash(s.offset()) + " " + dash(s.exceptionCode()) + ")"));
        }
        // Debuggers (WinDbg's ~, Visual Studio) show thread ids in hex: both forms, to find the thread there.
        line("Threads", size(r.threads()) + (r.threadId() == null ? ""
                : " (faulting: " + r.threadId() + ", 0x" + Integer.toHexString(r.threadId()) + ")"));
        line("Modules", String.valueOf(size(r.modules())));
        auxiliary(r.auxiliaryProviders());
        dump(r.dump());
        return this;
    }

    /** Auxiliary dump providers, only when there is something to say (a report of an older build has none). */
    private void auxiliary(CrashReport.Auxiliary a) {
        if (a == null) {
            return;
        }
        if (a.helperModules() != null) {
            for (CrashReport.HelperModule h : a.helperModules()) {
                line("Provider", dash(h.name()) + " names " + dash(h.provider()) + " (" + dash(h.resource()) + ")");
            }
        }
        if (a.registeredDlls() != null) {
            for (CrashReport.RegisteredDll d : a.registeredDlls()) {
                line("Provider", dash(d.providerPath()) + " for " + dash(d.module()) + " (MiniDumpAuxiliaryDlls)");
            }
        }
        if (a.managedState() != null) {
            line("Managed", a.managedState());
        }
    }

    /** The report's errors, at most {@link #MAX_ERRORS}. */
    ReportSummary errors(CrashReport r) {
        List<CrashReport.Error> errors = r.errors() == null ? List.of() : r.errors();
        for (CrashReport.Error e : errors.subList(0, Math.min(errors.size(), MAX_ERRORS))) {
            line("Error", dash(e.stage()) + ": " + dash(e.message()));
        }
        if (errors.size() > MAX_ERRORS) {
            line("", "... " + (errors.size() - MAX_ERRORS) + " more errors in the report");
        }
        return this;
    }

    String text() {
        return sb.toString();
    }

    private void exception(CrashReport.Exception x) {
        if (x == null) {
            line("Exception", "none recorded");
            return;
        }
        line("Exception", dash(x.code()) + " " + dash(x.name()) + (x.firstChance() ? " (first chance)" : ""));
        if (x.description() != null) {
            line("", x.description());
        }
        if (x.access() != null) {
            line("Access", x.access() + " at " + dash(x.targetAddress()));
        }
        line("Address", dash(x.address()));
    }

    private void stack(CrashReport.Stack stack) {
        List<CrashReport.Frame> frames = stack == null || stack.frames() == null ? List.of() : stack.frames();
        for (int i = 0; i < Math.min(frames.size(), MAX_FRAMES); i++) {
            CrashReport.Frame f = frames.get(i);
            line(i == 0 ? "Stack" : "", "#" + i + " " + dash(f.location()) + "  (" + dash(f.trust()) + ")");
        }
        if (frames.size() > MAX_FRAMES) {
            line("", "... " + (frames.size() - MAX_FRAMES) + " more frames in the report");
        }
    }

    private void dump(CrashReport.Dump d) {
        if (d == null) {
            line("Dump", "none");
            return;
        }
        String size = d.sizeBytes() == null ? "size unknown" : CaptureListing.humanSize(d.sizeBytes());
        line("Dump", dash(d.path()) + "  (" + size + ", " + dash(d.type()) + " " + dash(d.flags()) + ")");
    }

    /** Lists are never null in a report wercli wrote; a hand-made or truncated one may lack them. */
    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
