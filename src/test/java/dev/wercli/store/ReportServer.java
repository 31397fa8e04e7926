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
 */
public final class ReportServer implements AutoCloseable {
    final int port;
    public final Map<String, byte[]> reports = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> posts = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger dropResponses = new AtomicInteger();
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
            String id = exchange.getRequestHeaders().getFirst("Wercli-Report-Id");
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.add(id);
            reports.putIfAbsent(id, body);
            if (dropResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("response dropped on purpose"); // the server closes the connection
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
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
