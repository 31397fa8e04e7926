package dev.wercli.store;

import dev.wercli.capture.FileDigest;
import dev.wercli.report.CrashReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The dump folder as a store: told about each report the capture wrote, it indexes it, queues it for
 * delivery and applies retention; {@link #deliver} then sends the queue within a time budget. Everything
 * here is after the fact: the capture's own files are complete before it is called.
 */
public final class CaptureStore {
    private final CaptureIndex index;
    private final Spool spool;
    private final StoreSettings settings;
    private final Consumer<String> log;
    private final Optional<ReportSender> sender;

    public CaptureStore(Path dumpDir, StoreSettings settings, Consumer<String> log) {
        this(dumpDir, settings, log, settings.backend().map(Senders::forBackend));
    }

    CaptureStore(Path dumpDir, StoreSettings settings, Consumer<String> log, Optional<ReportSender> sender) {
        this.index = new CaptureIndex(dumpDir);
        this.spool = new Spool(dumpDir);
        this.settings = settings;
        this.log = log;
        this.sender = sender;
    }

    public CaptureIndex index() {
        return index;
    }

    /** A report (or failure record) was written at {@code report}: index it, spool it, apply retention. */
    public void recorded(Path report) throws IOException {
        CrashReport read = CaptureIndex.readReport(report);
        IndexEntry entry = CaptureIndex.entryFor(read, report);
        index.locked(l -> {
            if (!Files.exists(index.file())) {
                // First capture, or the index was deleted: the folder's reports (this one too) are the truth.
                l.replace(CaptureIndex.scanReports(index.dir()));
            } else if (l.read().entries().stream().noneMatch(e -> e.reportId().equals(entry.reportId()))) {
                // (A rebuild by a concurrent capture may have listed this report already.)
                l.append(entry);
            }
            return null;
        });
        if (sender.isPresent()) {
            spool.add(entry.reportId(), report);
            if (settings.uploadDumps() && entry.dumpFile() != null) {
                oweDump(entry, read.dump(), report);
            }
        }
        new Retention(index, log).apply(settings.retention(), Set.of(entry.reportId()));
    }

    /**
     * Records the capture's dump as owed, after its report is spooled (the report must reach the endpoint
     * first). The SHA-256 is the report's; a report without one (older wercli) gets it computed here.
     */
    private void oweDump(IndexEntry entry, CrashReport.Dump facts, Path report) throws IOException {
        Path dump = report.resolveSibling(entry.dumpFile());
        if (!Files.isRegularFile(dump)) {
            log.accept("delivery: report " + entry.reportId() + " names dump " + entry.dumpFile()
                    + " but it is not in the dump folder; no dump to send");
            return;
        }
        String sha256 = facts.sha256() != null ? facts.sha256() : FileDigest.sha256(dump);
        spool.addOwedDump(entry.reportId(), entry.dumpFile(), sha256, Files.size(dump));
    }

    /**
     * Sends what waits in the spool (this capture's report and older ones; owed dumps when the settings ask
     * for dumps) within {@code budget}.
     */
    public Delivery.Result deliver(Duration budget) throws IOException {
        if (sender.isEmpty()) {
            return new Delivery.Result(0, spool.pending().size(), false, 0, spool.owedDumps().size());
        }
        String backend = settings.backend().map(Backend::redacted).orElse("none");
        return new Delivery(spool, sender.get(), backend, this::acknowledged, log, settings.uploadDumps())
                .flush(budget);
    }

    /** Keeps the backend's answer (its crash id) in the capture's index entry, for list and show. */
    private void acknowledged(String reportId, Spool.Delivered delivered) throws IOException {
        index.locked(l -> {
            List<IndexEntry> entries = new java.util.ArrayList<>(l.read().entries());
            entries.replaceAll(e -> e.reportId().equals(reportId) ? e.withDelivered(delivered.receipt()) : e);
            l.replace(entries);
            return null;
        });
    }
}
