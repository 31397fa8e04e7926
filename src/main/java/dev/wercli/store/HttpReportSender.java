package dev.wercli.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * POSTs a report as {@code application/json}. The report id goes in {@value #ID_HEADER} (and in the
 * {@code Idempotency-Key} header of the IETF draft) so that a server can drop a repeat: a retry after a lost
 * response must not create a second report. 2xx and 409 (already have it) count as delivered.
 *
 * <p>A dump is PUT to {@code <endpoint>/<report id>/dump} as {@code application/octet-stream}, streamed from
 * the file, with {@value #ID_HEADER} and {@value #SHA256_HEADER}. PUT because the dump has one address per
 * report: a repeat replaces the same resource instead of adding one (idempotent by HTTP's own rules, not
 * only by a server honouring a header), and the server can check the body against the SHA-256.
 */
public final class HttpReportSender implements ReportSender {
    public static final String ID_HEADER = "Wercli-Report-Id";
    public static final String SHA256_HEADER = "Wercli-Dump-Sha256";

    private final URI endpoint;
    private final HttpClient client;

    public HttpReportSender(URI endpoint, Duration connectTimeout) {
        SafeUrl.requireHttp(endpoint);
        this.endpoint = endpoint;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Result send(Outgoing capture, Duration timeout) {
        return send(capture.reportId(), capture.reportJson(), timeout);
    }

    Result send(String reportId, byte[] json, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(ID_HEADER, reportId)
                .header("Idempotency-Key", reportId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return exchange(request);
    }

    @Override
    public Result sendDump(String reportId, Path dump, String sha256, Duration timeout) {
        HttpRequest request;
        try {
            request = dumpRequest(reportId, dump, sha256, timeout);
        } catch (FileNotFoundException e) {
            return new Result(Outcome.REJECTED, "dump file gone: " + dump);
        }
        return exchange(request);
    }

    /** The dump's request; its body is read from the file while it is sent, never held in memory. */
    HttpRequest dumpRequest(String reportId, Path dump, String sha256, Duration timeout) throws FileNotFoundException {
        HttpRequest.Builder b = HttpRequest.newBuilder(dumpUri(reportId))
                .timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .header(ID_HEADER, reportId)
                .header("Idempotency-Key", reportId + "/dump");
        if (sha256 != null) {
            b.header(SHA256_HEADER, sha256);
        }
        return b.PUT(HttpRequest.BodyPublishers.ofFile(dump)).build();
    }

    URI dumpUri(String reportId) {
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        // Report ids are [A-Za-z0-9._-] (Spool checks), safe in a path segment as they are.
        return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path + "/" + reportId + "/dump"
                + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery()));
    }

    private Result exchange(HttpRequest request) {
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2 || status == 409) {
                return new Result(Outcome.ACCEPTED, "HTTP " + status);
            }
            if (status / 100 == 5 || status == 408 || status == 429) {
                return new Result(Outcome.RETRY, "HTTP " + status);
            }
            return new Result(Outcome.REJECTED, "HTTP " + status);
        } catch (IOException e) {
            return new Result(Outcome.RETRY, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.RETRY, "interrupted");
        }
    }
}
