package dev.wercli.store;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A crash-report endpoint for tests: keeps each report once per report id (as a real server must) and counts
 * every POST. It can be down (nothing listens on its port), up, or drop the next N responses: it keeps the
 * report, then closes the connection without answering, as a proxy timing out would.
 *
 * <p>Dumps ({@code PUT /reports/<id>/dump}) are digested as they stream in (never held in memory) and kept
 * once per report id + SHA-256 header, with the digest and size actually received. A dump PUT can be made to
 * fail (503), to lose its response, or to stall.
 */
public final class ReportServer implements AutoCloseable {
    final int port;
    public final Map<String, byte[]> reports = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> posts = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger dropResponses = new AtomicInteger();
    /** What the server saw, in order: "POST id" or "PUT id". */
    public final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** Dumps kept, by "id sha256-header": what arrived. */
    public final Map<String, ReceivedDump> dumps = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> dumpPuts = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger failDumps = new AtomicInteger();
    public final AtomicInteger dropDumpResponses = new AtomicInteger();
    public volatile long dumpStallMillis;

    public record ReceivedDump(String reportId, String claimedSha256, String actualSha256, long size,
                               String contentType) {
    }
    private HttpServer server;

    public ReportServer() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/reports");
    }

    public void up() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/reports", exchange -> {
            if (exchange.getRequestMethod().equals("PUT") && exchange.getRequestURI().getPath().endsWith("/dump")) {
                dump(exchange);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("Wercli-Report-Id");
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.add(id);
            events.add("POST " + id);
            reports.putIfAbsent(id, body);
            if (dropResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("response dropped on purpose"); // the server closes the connection
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
    }

    private void dump(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String pathId = path.substring("/reports/".length(), path.length() - "/dump".length());
        String id = exchange.getRequestHeaders().getFirst("Wercli-Report-Id");
        String claimed = exchange.getRequestHeaders().getFirst("Wercli-Dump-Sha256");
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        try (java.io.InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
                size += n;
            }
        }
        dumpPuts.add(id);
        events.add("PUT " + pathId);
        if (failDumps.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        if (dumpStallMillis > 0) {
            try {
                Thread.sleep(dumpStallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dumps.putIfAbsent(id + " " + claimed, new ReceivedDump(id, claimed,
                java.util.HexFormat.of().formatHex(md.digest()), size,
                exchange.getRequestHeaders().getFirst("Content-Type")));
        if (dropDumpResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("response dropped on purpose");
        }
        exchange.sendResponseHeaders(pathId.equals(id) ? 201 : 400, -1);
        exchange.close();
    }

    public void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** POSTs beyond the first for an id: resends the dedup absorbed. */
    public int duplicates() {
        return posts.size() - reports.size();
    }

    @Override
    public void close() {
        down();
    }
}
