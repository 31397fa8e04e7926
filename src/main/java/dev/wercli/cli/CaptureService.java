package dev.wercli.cli;

import dev.wercli.capture.CaptureRequest;
import dev.wercli.capture.CaptureRunner;
import dev.wercli.capture.CaptureState;
import dev.wercli.capture.ReleaseNotice;
import dev.wercli.capture.ServiceProtocol;
import dev.wercli.platform.PipeServer;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ServiceHost;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The warm capture service: a pipe server in a resident JVM that runs AeDebug captures for wercli.exe
 * launchers (issue 14). Each request is served on a thread of its own; each capture is exactly attach's
 * ({@link AttachCommand}: the same parsing, the settings file read per capture, the same dump folder, log and
 * records), with three differences hooked in through {@link AttachCommand.ServiceHooks}:
 * <ul>
 * <li>admission: the pipe client's user must be able to open the target with a debugger's rights itself
 * (checked while impersonating it), else the service refuses and the launcher captures in-process, as the
 * user, with the user's own rights;</li>
 * <li>the AeDebug event is a handle of the launcher: it is duplicated into this process;</li>
 * <li>the watchdog: one capture's watchdog still ends the process (only closing the debug session releases a
 * stuck debuggee, and only the thread that attached can), but first every other capture in flight gets its
 * failure record; the service's failure actions make the SCM start it again, and until then launchers find no
 * pipe and capture in-process.</li>
 * </ul>
 * Replies ({@link ServiceProtocol}): {@code accepted} once admitted, {@code released <code>} once the process
 * is released (after a good dump, with 0, before the report is written; otherwise at the end, with the exit
 * code attach would have had), {@code fallback} whenever the service does not capture.
 */
final class CaptureService implements ServiceHost.Body {
    static final String SERVICE_NAME = "wercli";
    /** Stop waits this long for captures in flight (their watchdogs end them sooner). */
    static final Duration STOP_WAIT = Duration.ofSeconds(65);

    private final PipeServer server;
    private final Consumer<String> log;
    private final CaptureRunner.Halter halter;
    private final Set<CaptureState> inFlight = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    private int active;
    private volatile boolean stopping;

    CaptureService(PipeServer server, Consumer<String> log, CaptureRunner.Halter halter) {
        this.server = server;
        this.log = log;
        this.halter = halter;
    }

    /** Refused before anything happened: the launcher captures in-process. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void run() {
        log.accept("service: started, pid " + ProcessHandle.current().pid());
        int failures = 0;
        while (!stopping) {
            Optional<PipeServer.Client> client;
            try {
                client = server.accept();
                failures = 0;
            } catch (PlatformException e) {
                log.accept("service: " + e.getMessage());
                if (++failures == 10) {
                    log.accept("service: giving up on the pipe; launchers capture in-process");
                    throw new IllegalStateException(e.getMessage(), e);
                }
                sleep(Duration.ofMillis(200));
                continue;
            }
            if (client.isEmpty()) {
                break;
            }
            PipeServer.Client c = client.get();
            synchronized (idle) {
                active++;
            }
            Thread t = new Thread(() -> {
                try {
                    serve(c);
                } finally {
                    synchronized (idle) {
                        active--;
                        idle.notifyAll();
                    }
                }
            }, "wercli-service-request");
            t.setDaemon(true);
            t.start();
        }
        awaitIdle(STOP_WAIT);
        log.accept("service: stopped");
    }

    @Override
    public void stop() {
        stopping = true;
        server.close();
    }

    /** Waits until no request is being served, at most {@code limit}; true when idle. */
    boolean awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (idle) {
            while (active > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** One launcher: read its request, capture or refuse, answer. Never throws. */
    void serve(PipeServer.Client client) {
        Exchange exchange = new Exchange(client);
        long[] duplicate = {0};
        CaptureState[] state = {null};
        try {
            Optional<ServiceProtocol.Request> request = ServiceProtocol.decode(client.read(ServiceProtocol.MAX_REQUEST_BYTES));
            int clientPid = client.processId();
            Optional<String> refusal = refusal(request, clientPid, stopping);
            if (refusal.isPresent()) {
                exchange.fallback(refusal.get());
                return;
            }
            List<String> args = request.get().args();
            Optional<AttachCommand> parsed = parseAttach(args.subList(1, args.size()).toArray(String[]::new));
            if (parsed.isEmpty()) {
                exchange.fallback("the command line is not one the service runs (usage or help): in-process");
                return;
            }
            AttachCommand cmd = parsed.get();
            Optional<String> own = userChosenDestination(cmd, installedSettings());
            if (own.isPresent()) {
                exchange.fallback(own.get());
                return;
            }
            cmd.service = new AttachCommand.ServiceHooks() {
                @Override
                public long admit(int pid, long event) {
                    Optional<String> denied = admission(client, clientPid, pid);
                    if (denied.isPresent()) {
                        throw new Refusal(denied.get());
                    }
                    if (event == 0) {
                        return 0;
                    }
                    try {
                        duplicate[0] = client.duplicateFromClient(event);
                        return duplicate[0];
                    } catch (PlatformException e) {
                        throw new Refusal(e.getMessage());
                    }
                }

                @Override
                public void started(CaptureState s, CaptureRequest r) {
                    state[0] = s;
                    inFlight.add(s);
                    s.onStage(new ReleaseNotice(exchange::released));
                    exchange.accepted(r.timeout());
                }

                @Override
                public CaptureRunner.Halter halter() {
                    return CaptureService.this::haltForWatchdog;
                }
            };
            int code;
            try {
                code = cmd.call();
            } catch (Refusal e) {
                log.accept("service: refused a capture for launcher " + clientPid + ": " + e.getMessage());
                exchange.fallback(e.getMessage());
                return;
            } catch (Usage.Problem | CommandLine.ParameterException e) {
                if (!exchange.isAccepted()) {
                    exchange.fallback("usage: " + e.getMessage());
                    return;
                }
                code = ExitCode.USAGE.code();
            } catch (RuntimeException e) {
                code = WercliCommand.exitCodeFor(e);
            }
            exchange.released(code);
        } catch (PlatformException | RuntimeException e) {
            log.accept("service: a request failed: " + e);
            if (exchange.isAccepted()) {
                exchange.released(ExitCode.INTERNAL.code());
            } else {
                exchange.fallback("service error: " + e.getMessage());
            }
        } finally {
            if (state[0] != null) {
                inFlight.remove(state[0]);
            }
            if (duplicate[0] != 0) {
                client.closeDuplicate(duplicate[0]);
            }
            client.close();
        }
    }

    /** Why the service will not take this request at all, before it looks at the target. */
    static Optional<String> refusal(Optional<ServiceProtocol.Request> request, int clientPid, boolean stopping) {
        if (request.isEmpty()) {
            return Optional.of("not a capture request");
        }
        if (stopping) {
            return Optional.of("the service is stopping");
        }
        if (request.get().launcherPid() != clientPid) {
            return Optional.of("the request names pid " + request.get().launcherPid() + " but comes from pid "
                    + clientPid);
        }
        List<String> args = request.get().args();
        if (args.isEmpty() || !args.get(0).equals("attach")) {
            return Optional.of("only attach is served");
        }
        return Optional.empty();
    }

    /**
     * Whether the client may have {@code pid} captured: not its own launcher, not this service, and only a process
     * its user could open for debugging itself (the impersonated open). Empty when admitted.
     */
    static Optional<String> admission(PipeServer.Client client, int clientPid, int pid) {
        if (pid == clientPid) {
            return Optional.of("process " + pid + " is the requesting launcher");
        }
        if (pid == ProcessHandle.current().pid()) {
            return Optional.of("process " + pid + " is the capture service itself");
        }
        PipeServer.Access access = client.debugAccess(pid);
        if (!access.allowed()) {
            return Optional.of("the requesting user cannot debug process " + pid + " (" + access.step()
                    + " failed, Win32 error " + access.errorCode() + ")");
        }
        return Optional.empty();
    }

    private static dev.wercli.config.CaptureConfig installedSettings() {
        try {
            return dev.wercli.config.CaptureConfig.load(dev.wercli.config.CaptureConfig.defaultPath());
        } catch (java.io.IOException e) {
            return dev.wercli.config.CaptureConfig.defaults();
        }
    }

    /**
     * The service writes and deletes files as LocalSystem, so it takes from a request nothing that says where:
     * a dump folder or log file, retention limits (they delete files) or a delivery other than the installed
     * ones (saved by an elevated install) would let any local user have SYSTEM write, delete or send files
     * where that user could not; a shorter --timeout (or the testing stall) would let any user end the shared
     * service, and everyone's captures with it, through the watchdog. Such a request is captured in-process
     * instead, with the user's own rights.
     * Empty when the request names only the installed ones (or none).
     */
    static Optional<String> userChosenDestination(AttachCommand cmd, dev.wercli.config.CaptureConfig installed) {
        java.nio.file.Path dir = java.nio.file.Path.of(installed.dumpDir());
        if (cmd.dumpDir != null && !samePath(cmd.dumpDir, dir)) {
            return Optional.of("--dump-dir is not the installed dump folder: in-process, with the user's rights");
        }
        if (cmd.logFile != null && !samePath(cmd.logFile, dir.resolve("wercli.log"))) {
            return Optional.of("--log-file is not the installed one: in-process, with the user's rights");
        }
        if (cmd.keep != null && cmd.keep != installed.keep()) {
            return Optional.of("--keep differs from the installed one: in-process, with the user's rights");
        }
        if (cmd.maxSize != null) {
            long bytes;
            try {
                bytes = dev.wercli.config.Limits.maxSize(cmd.maxSize);
            } catch (IllegalArgumentException e) {
                return Optional.of("--max-size: " + e.getMessage());
            }
            if (bytes != installed.maxSizeBytes()) {
                return Optional.of("--max-size differs from the installed one: in-process, with the user's rights");
            }
        }
        // One capture's watchdog ends the shared service (see haltForWatchdog): a request may not shorten it, nor
        // stall on purpose, or any user could end everyone's captures.
        if (cmd.timeoutSeconds != null && cmd.timeoutSeconds != installed.timeoutSeconds()) {
            return Optional.of("--timeout differs from the installed one: in-process, with the user's rights");
        }
        if (cmd.testDelayMs != 0) {
            return Optional.of("a testing option: in-process, with the user's rights");
        }
        if (cmd.uploadUrl != null || cmd.sentryDsn != null || cmd.uploadProtocol != null || cmd.uploadGzip
                || cmd.uploadDumps) {
            return Optional.of("a delivery on the command line: in-process, with the user's rights");
        }
        return Optional.empty();
    }

    private static boolean samePath(java.nio.file.Path a, java.nio.file.Path b) {
        return a.toString().replace('/', '\\').equalsIgnoreCase(b.toString().replace('/', '\\'));
    }

    /**
     * attach's command line, parsed as the in-process launcher would (the fast path, else picocli with the managed
     * form); empty for help, version or any usage error, which the launcher reports itself.
     */
    static Optional<AttachCommand> parseAttach(String[] args) {
        Optional<AttachCommand> fast = AttachFastPath.parse(args);
        if (fast.isPresent()) {
            PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            fast.get().useStreams(sink, sink);
            return fast;
        }
        AttachCommand cmd = new AttachCommand();
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine cl = WercliCommand.attachCommandLine(cmd, args, sink, sink);
        try {
            CommandLine.ParseResult result = cl.parseArgs(Arrays.copyOf(args, args.length));
            if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
                return Optional.empty();
            }
            return Optional.of(cmd);
        } catch (CommandLine.ParameterException e) {
            return Optional.empty();
        }
    }

    /**
     * A capture's watchdog fired. Only closing a debug session releases a stuck debuggee, and only our exit closes
     * it from outside the thread that attached: every other capture in flight gets its failure record first, then
     * the service ends (the SCM's failure actions start it again).
     */
    private void haltForWatchdog(int status) {
        for (CaptureState s : inFlight) {
            s.abandon("the capture service ended because another capture's watchdog fired; the process was released "
                    + "when the service's debug sessions closed");
        }
        log.accept("service: a capture's watchdog fired; ending the service (exit " + status
                + "), which releases every process it holds");
        halter.halt(status);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The replies to one launcher; each is sent at most once, in order. A launcher gone is only logged. */
    final class Exchange {
        private final PipeServer.Client client;
        private boolean accepted;
        private boolean replied;

        Exchange(PipeServer.Client client) {
            this.client = client;
        }

        synchronized boolean isAccepted() {
            return accepted;
        }

        synchronized void accepted(Duration timeout) {
            if (!accepted && !replied) {
                accepted = true;
                send(ServiceProtocol.accepted(timeout.toSeconds()));
            }
        }

        synchronized void released(int code) {
            if (!replied) {
                replied = true;
                send(ServiceProtocol.released(code));
            }
        }

        synchronized void fallback(String reason) {
            if (!replied && !accepted) {
                replied = true;
                send(ServiceProtocol.fallback(reason));
            }
        }

        private void send(byte[] message) {
            try {
                client.write(message);
            } catch (PlatformException e) {
                log.accept("service: the launcher did not take the reply: " + e.getMessage());
            }
        }
    }
}
