package dev.wercli.capture;

import dev.wercli.analysis.runtime.AuxiliaryProviders;
import dev.wercli.report.CaptureFacts;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportBuilder;
import dev.wercli.report.ReportOptions;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.ProcessSnapshot;
import dev.wercli.snapshot.SimpleSnapshot;
import dev.wercli.snapshot.minidump.MinidumpReader;
import dev.wercli.snapshot.minidump.MinidumpSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a capture knows so far, shared by the debugger thread and the watchdog: the process, the analysis,
 * the milestones. Whichever of them ends the capture first claims the record ({@link RecordClaim}) and
 * writes the one JSON file for it ({@link RecordWriter}) in the capture's reserved files
 * ({@link CaptureFiles}): the full report, or a failure record with whatever was known. Nothing is lost: a
 * failed capture still leaves a record (when the folder is writable).
 */
public final class CaptureState {
    /** Milestones, timed from the start of the capture. */
    public enum Stage { ATTACHED, EXCEPTION, DUMPED, RELEASED }

    /** Margin kept before the watchdog deadline so the pipeline times out on its own, cleanly, first. */
    static final Duration RELEASE_MARGIN = Duration.ofMillis(750);

    private final CaptureRequest request;
    private final CaptureLog log;
    private final ReportBuilder reports;
    /** The same builder reading module files from disk where the dump lacks their images. */
    private final ReportBuilder fileBacked;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    /**
     * Made when the one record is written, after the release: the first UUID.randomUUID() sets up
     * SecureRandom and the security providers, work the crashed process need not wait for. Guarded by this.
     */
    private String reportId;
    private final RecordClaim record = new RecordClaim();
    private final Map<Stage, Long> stageMillis = new EnumMap<>(Stage.class);

    private volatile ProcessInfo process;
    private volatile ProcessSnapshot snapshot;
    private volatile ReportBuilder.Analysis analysis;
    /** The MiniDumpAuxiliaryDlls entries read after the release; null until read (unknown). */
    private volatile List<AuxiliaryProviders.RegisteredDll> auxiliaryDlls;
    private volatile CaptureFiles files;
    private volatile String reservationError;
    private volatile byte[] rawContext;
    private volatile long dumpMillis;
    private volatile RecordListener recordListener = record -> { };
    private volatile java.util.function.Consumer<Stage> stageListener = stage -> { };
    /** Problems of a capture that still succeeded (e.g. a dump that is not the kind asked for). */
    private final List<CrashReport.Error> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told about each report or failure record once it is in place (the store indexes it). */
    public interface RecordListener {
        void recorded(Path record) throws Exception;
    }

    public CaptureState(CaptureRequest request, Clock clock, CaptureLog log, String toolVersion) {
        this.request = request;
        this.log = log;
        this.reports = new ReportBuilder(toolVersion);
        this.fileBacked = new ReportBuilder(toolVersion,
                ReportOptions.DEFAULT.withModuleFiles(ReleasedProcessSnapshot::moduleFile));
        this.startedAt = clock.instant();
    }

    public void onRecorded(RecordListener listener) {
        this.recordListener = listener;
    }

    /** Told once about each milestone as it is reached (the capture service answers its launcher from it). */
    public void onStage(java.util.function.Consumer<Stage> listener) {
        this.stageListener = listener;
    }

    /**
     * Ends this capture as failed from outside its pipeline (the service is about to halt for another capture's
     * watchdog): writes its failure record unless it already has its record.
     */
    public void abandon(String message) {
        fail(CaptureFailure.TIMEOUT, message, List.of());
    }

    /** A store failure is logged and never fails the capture: the dump and report are already in place. */
    private void notifyRecorded(Path record) {
        try {
            recordListener.recorded(record);
        } catch (Exception | LinkageError e) {
            log.info("store: " + e);
        }
    }

    /** Names the capture after the process and reserves its files now, so even a failure has a name. */
    void knowProcess(ProcessInfo info) {
        this.process = info;
        try {
            files = CaptureFiles.reserve(request.dumpDir(), info.imageName().orElse("pid" + info.pid()), info.pid(),
                    startedAt);
        } catch (IOException | RuntimeException e) {
            reservationError = "dump folder " + request.dumpDir() + " is not writable: " + e;
            log.info(reservationError);
        }
    }

    /**
     * Keeps the live snapshot. It is not analysed now: the report is built from the dump after the release
     * ({@link #complete}); only a capture that fails before its dump is complete analyses the live process
     * ({@link #analyzeLiveNow}, while it is still held, or {@link #fail}).
     */
    void knowSnapshot(ProcessSnapshot s) {
        this.snapshot = s;
    }

    /**
     * The dump failed, or is not the dump asked for (e.g. the 64-bit view of a 32-bit process, its helper
     * missing), and the process is still held: analyse it live now, for the report.
     */
    void analyzeLiveNow() {
        if (snapshot != null && analysis == null) {
            this.analysis = reports.analyze(snapshot);
        }
    }

    boolean hasNotes() {
        return !notes.isEmpty();
    }

    /** Records a problem the report must mention although the capture goes on. */
    void note(CaptureFailure stage, String message) {
        notes.add(new CrashReport.Error(stage.stage(), message));
    }

    void rawContext(byte[] bytes) {
        this.rawContext = bytes.clone();
    }

    Optional<byte[]> rawContext() {
        return Optional.ofNullable(rawContext);
    }

    Optional<Path> partialDumpPath() {
        return Optional.ofNullable(files).map(CaptureFiles::partialDump);
    }

    Optional<Path> dumpPath() {
        return Optional.ofNullable(files).map(CaptureFiles::dump);
    }

    String reservationError() {
        return reservationError == null ? "no dump file name was reserved" : reservationError;
    }

    private synchronized String reportId() {
        if (reportId == null) {
            reportId = UUID.randomUUID().toString();
        }
        return reportId;
    }

    void mark(Stage stage) {
        Long before;
        synchronized (this) {
            before = stageMillis.putIfAbsent(stage, elapsedMs());
        }
        if (before == null) {
            stageListener.accept(stage);
        }
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Time left for the pipeline's own waits (the watchdog deadline less a release margin). */
    Duration remaining() {
        return request.timeout().minus(RELEASE_MARGIN).minusMillis(elapsedMs());
    }

    void auxiliaryDlls(List<AuxiliaryProviders.RegisteredDll> entries) {
        this.auxiliaryDlls = entries;
    }

    void dumpMillis(long ms) {
        this.dumpMillis = ms;
    }

    long dumpMillis() {
        return dumpMillis;
    }

    /** The capture succeeded: writes the full report beside the dump. Runs after the process was released. */
    CaptureResult complete(Path dump, List<String> breadcrumbs) {
        if (!record.claim()) {
            return new CaptureResult(Optional.of(CaptureFailure.TIMEOUT), "the watchdog ended the capture",
                    Optional.of(dump), Optional.empty());
        }
        if (analysis == null) {
            analysis = analyzeDump(dump);
        }
        CrashReport.Dump dumpFacts = RecordWriter.dumpFacts(dump, request.dumpType(), log);
        CaptureFacts facts = new CaptureFacts(reportId(), startedAt, CaptureFacts.CAPTURED, dumpFacts, timings(),
                breadcrumbs, List.copyOf(notes), auxiliaryDlls);
        try {
            Path report = writeRecord(facts);
            log.info("report written: " + report);
            notifyRecorded(report);
            return new CaptureResult(Optional.empty(), "captured", Optional.of(dump), Optional.of(report));
        } catch (IOException | RuntimeException e) {
            log.info("report could not be written: " + e);
            return new CaptureResult(Optional.of(CaptureFailure.REPORT), "cannot write the report: " + e.getMessage(),
                    Optional.of(dump), Optional.empty());
        }
    }

    /** The capture failed: leaves a failure record with what is known, where the folder allows. */
    CaptureResult fail(CaptureFailure failure, String message, List<String> breadcrumbs) {
        if (!record.claim()) {
            return new CaptureResult(Optional.of(failure), message, Optional.empty(), Optional.empty());
        }
        List<CrashReport.Error> errors = new ArrayList<>(notes);
        errors.add(new CrashReport.Error(failure.stage(), message));
        Optional<Path> dump = dumpPath().filter(Files::exists);
        CaptureFacts facts = new CaptureFacts(reportId(), startedAt, CaptureFacts.FAILED,
                dump.map(d -> RecordWriter.dumpFacts(d, request.dumpType(), log)).orElse(null), timings(), breadcrumbs,
                errors);
        Optional<Path> written = Optional.empty();
        if (files != null) {
            try {
                written = Optional.of(writeRecord(facts));
                log.info("failure record written: " + written.get());
                notifyRecorded(written.get());
            } catch (IOException | RuntimeException e) {
                log.info("failure record could not be written: " + e);
            }
        }
        partialDumpPath().ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort
            }
        });
        return new CaptureResult(Optional.of(failure), message, dump, written);
    }

    /**
     * The analysis of the dump just written, with the live process facts and exception
     * ({@link ReleasedProcessSnapshot}). A dump wercli cannot read back leaves the live snapshot (whose memory
     * is gone with the process), and the report says why.
     */
    private ReportBuilder.Analysis analyzeDump(Path dump) {
        ProcessSnapshot live = minimalSnapshot();
        if (live.exception().isEmpty()) {
            return reports.analyze(live);
        }
        try {
            MinidumpSnapshot fromDump = new MinidumpSnapshot(MinidumpReader.open(dump));
            return fileBacked.analyze(new ReleasedProcessSnapshot(fromDump, live.process(), live.exception().get()));
        } catch (IOException | RuntimeException e) {
            note(CaptureFailure.REPORT, "the dump could not be read back for the report's analysis: " + e.getMessage());
            return reports.analyze(live);
        }
    }

    private Path writeRecord(CaptureFacts facts) throws IOException {
        ReportBuilder.Analysis a = analysis != null ? analysis : reports.analyze(minimalSnapshot());
        return RecordWriter.write(reports.assemble(a, facts), files);
    }

    private ProcessSnapshot minimalSnapshot() {
        ProcessInfo p = process != null ? process
                : new ProcessInfo(request.pid(), Optional.empty(), Optional.empty(), Architecture.UNKNOWN, Optional.empty());
        return snapshot != null ? snapshot
                : new SimpleSnapshot(p, Optional.empty(), List.of(), List.of(), dev.wercli.snapshot.MemoryReader.NONE);
    }

    private synchronized CrashReport.Timings timings() {
        Long attached = stageMillis.get(Stage.ATTACHED);
        Long exception = stageMillis.get(Stage.EXCEPTION);
        Long exceptionWait = attached != null && exception != null ? exception - attached : null;
        return new CrashReport.Timings(attached, exceptionWait, dumpMillis == 0 ? null : dumpMillis, elapsedMs());
    }
}
