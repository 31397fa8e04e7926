package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tests/receivers/crash-receiver.js run by Node: the crash backends' stand-in (busboy parses the Breakpad
 * upload, @sentry/core's parseEnvelope the Sentry envelope). Started on a port of its own; {@link #stop} and
 * {@link #start} again on the same port play a backend that is down, then back.
 */
public final class CrashReceiver implements AutoCloseable {
    public static final String SENTRY_KEY = "e2ePublicKey0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path project;
    private final Path out;
    private final List<String> extraArgs;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int port;

    private CrashReceiver(Path project, Path out, List<String> extraArgs) {
        this.project = project;
        this.out = out;
        this.extraArgs = extraArgs;
    }

    /** Starts a receiver that stores under {@code out} ({@code --no-keep-files}: hashes file parts only). */
    public static CrashReceiver start(Path project, Path out, String... extraArgs) throws Exception {
        CrashReceiver r = new CrashReceiver(project, out, List.of(extraArgs));
        r.startOn(0);
        return r;
    }

    private Path modules() {
        String env = System.getenv("WERCLI_RECEIVER_MODULES");
        return env != null && !env.isBlank() ? Path.of(env) : project.resolve("tests/.cache/receivers/node_modules");
    }

    /** (Re)starts on {@code port} (0: any free one). */
    public void startOn(int wanted) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(modules().resolve("busboy")),
                "no receiver modules at " + modules() + ": run tests/setup-env.sh");
        Path portFile = out.resolve("port");
        Files.createDirectories(out);
        Files.deleteIfExists(portFile);
        List<String> cmd = new ArrayList<>(List.of("node", project.resolve("tests/receivers/crash-receiver.js").toString(),
                "--port-file", portFile.toString(), "--out", out.toString(), "--sentry-key", SENTRY_KEY,
                "--port", Integer.toString(wanted)));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("receiver.log").toFile()));
        pb.environment().put("NODE_PATH", modules().toString());
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the receiver did not start: " + Files.readString(out.resolve("receiver.log")));
            }
            Thread.sleep(50);
        }
        port = Integer.parseInt(Files.readString(portFile).trim());
    }

    /** The backend goes down: its port refuses connections until {@link #startOn} it again. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    public int port() {
        return port;
    }

    public String sentryDsn() {
        return "http://" + SENTRY_KEY + "@127.0.0.1:" + port + "/42";
    }

    /** The Breakpad upload URL, with a token in the query as BugSplat's and Backtrace's have. */
    public String breakpadUrl() {
        return "http://127.0.0.1:" + port + "/submit?token=e2eS3cretToken";
    }

    /** What the backend stored: {stored: [...], requests: [...]}. */
    public JsonNode stored() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stored"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The next {@code count} requests are answered with {@code status} (and Retry-After when > 0). */
    public void fault(int status, int count, int retryAfterSeconds) throws Exception {
        post("/faults?status=" + status + "&count=" + count + (retryAfterSeconds > 0 ? "&retryAfter=" + retryAfterSeconds : ""));
    }

    /** The next request is stored, then its connection is cut before the answer: a lost response. */
    public void dropNextResponse() throws Exception {
        post("/faults?drop=1");
    }

    private void post(String pathAndQuery) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    public Path out() {
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
