package dev.wercli.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs a report as {@code application/json}. The report id goes in {@value #ID_HEADER} (and in the
 * {@code Idempotency-Key} header of the IETF draft) so that a server can drop a repeat: a retry after a lost
 * response must not create a second report. 2xx and 409 (already have it) count as delivered.
 */
public final class HttpReportSender implements ReportSender {
    public static final String ID_HEADER = "Wercli-Report-Id";

    private final URI endpoint;
    private final HttpClient client;

    public HttpReportSender(URI endpoint, Duration connectTimeout) {
        String scheme = endpoint.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("upload URL must be http:// or https://, got " + endpoint);
        }
        this.endpoint = endpoint;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Result send(String reportId, byte[] json, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(ID_HEADER, reportId)
                .header("Idempotency-Key", reportId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
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
