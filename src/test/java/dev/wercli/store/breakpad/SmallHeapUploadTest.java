package dev.wercli.store.breakpad;

import com.sun.net.httpserver.HttpServer;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;
import dev.wercli.store.Outgoing;
import dev.wercli.store.ReportSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump is streamed, not held: a JVM whose whole heap is 48 MiB uploads a 256 MiB dump, plain and gzipped.
 * Run in a child JVM, since the test JVM's heap is large enough to hide a body read into memory.
 */
class SmallHeapUploadTest {
    static final long DUMP_SIZE = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void aDumpFiveTimesTheHeapUploads() throws Exception {
        Path dump = dir.resolve("big.dmp");
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(DUMP_SIZE);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                SmallHeapUploadTest.class.getName(), dump.toString(),
                Path.of(BreakpadFieldsTest.GOLDEN.toString()).toAbsolutePath().toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("plain ACCEPTED") && out.contains("gzip ACCEPTED"), out);
    }

    /** The child: a local collector that counts what it receives (un-gzipping when asked), and one upload each way. */
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        String json = Files.readString(Path.of(args[1]));
        CrashReport report = ReportJson.read(json);
        Outgoing capture = new Outgoing(report.reportId(), json.getBytes(StandardCharsets.UTF_8), report, Optional.of(dump));
        AtomicLong received = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/submit", exchange -> {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            byte[] buffer = new byte[1 << 16];
            long n = 0;
            for (int r; (r = in.read(buffer)) > 0; ) {
                n += r;
            }
            received.set(n);
            byte[] answer = "CrashID=bp-1".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/submit");
            for (boolean gzip : new boolean[]{false, true}) {
                ReportSender.Result r = new BreakpadSender(url, Map.of(), "c", gzip, Duration.ofSeconds(5))
                        .send(capture, Duration.ofSeconds(50));
                long overhead = received.get() - DUMP_SIZE;
                System.out.println((gzip ? "gzip " : "plain ") + r.outcome() + " " + r.detail() + " overhead " + overhead);
                if (r.outcome() != ReportSender.Outcome.ACCEPTED || overhead <= 0 || overhead > 64 * 1024) {
                    System.exit(1);
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
