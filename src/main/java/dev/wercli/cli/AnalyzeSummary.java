package dev.wercli.cli;

import dev.wercli.report.CrashReport;
import dev.wercli.snapshot.minidump.Minidump;

import java.nio.file.Path;

/** The human summary {@code wercli analyze} prints per dump: what crashed, where, and how much was read. */
final class AnalyzeSummary {
    /** The summary shows the innermost frames; the JSON report has them all. */
    static final int STACK_LINES = 8;

    private AnalyzeSummary() {
    }

    static String text(Path file, CrashReport r, Minidump dump) {
        StringBuilder s = new StringBuilder();
        CrashReport.Process p = r.process();
        s.append(file).append(": ").append(orDash(p.imageName())).append(" (pid ")
                .append(p.pid() == 0 ? "unknown" : Integer.toString(p.pid())).append(", ")
                .append(p.architecture()).append(")\n");
        CrashReport.Exception e = r.exception();
        if (e == null) {
            s.append("  exception  none recorded in the dump\n");
        } else {
            s.append("  exception  ").append(e.code()).append(' ').append(orDash(e.name())).append(" at ")
                    .append(e.address());
            CrashReport.FaultingModule m = r.faultingModule();
            if (m != null && m.offset() != null) {
                s.append(" (").append(m.name()).append('+').append(m.offset()).append(')');
            }
            s.append('\n');
            if (e.description() != null) {
                s.append("             ").append(e.description()).append('\n');
            }
            s.append("  thread     ").append(r.threadId()).append(" (0x").append(Integer.toHexString(r.threadId()))
                    .append(")\n");
        }
        if (r.crashStack() != null && !r.crashStack().frames().isEmpty()) {
            String label = "  stack      ";
            for (CrashReport.Frame f : r.crashStack().frames().subList(0, Math.min(STACK_LINES, r.crashStack().frames().size()))) {
                s.append(label).append(f.location()).append("  (").append(f.trust()).append(")\n");
                label = "             ";
            }
        }
        if (r.signature() != null) {
            CrashReport.Signature b = r.signature();
            s.append("  bucket     ").append(b.bucketId()).append(" (").append(b.moduleName()).append('+')
                    .append(b.offset()).append(' ').append(b.exceptionCode()).append(")\n");
        }
        s.append("  threads    ").append(r.threads().size()).append('\n');
        s.append("  modules    ").append(r.modules().size()).append('\n');
        s.append("  dump       ").append(r.dump().type()).append(" (flags ").append(r.dump().flags()).append("), ")
                .append(r.dump().sizeBytes()).append(" bytes, ").append(dump.memory().ranges().size())
                .append(" memory ranges\n");
        if (!dump.unknownStreams().isEmpty()) {
            s.append("  streams    not decoded: ");
            dump.unknownStreams().forEach(u -> s.append(u.name()).append(' '));
            s.setLength(s.length() - 1);
            s.append('\n');
        }
        s.append("  status     ").append(dump.partial() ? "PARTIAL: " + dump.problems().size()
                + " problem(s), see above" : "complete").append('\n');
        return s.toString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
