package dev.wercli.store.breakpad;

import dev.wercli.store.SafeUrl;

import dev.wercli.store.Outgoing;
import dev.wercli.store.Product;
import dev.wercli.store.ReportSender;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends a capture as a Breakpad/Crashpad minidump upload: one {@code multipart/form-data} POST with the
 * annotations of {@link BreakpadFields}, the report and the dump (streamed from disk). The protocol is a dump
 * upload, so a capture without a dump, or whose report wercli cannot read, is refused for good.
 *
 * <p>Outcomes: 2xx is accepted, with the collector's answer as the receipt (Socorro answers
 * {@code CrashID=bp-<uuid>}, Crashpad-style servers a bare crash id, Sentry an event id); 5xx, 408, 429 and
 * network failures are retried (the Retry-After of a 429 or 503 is passed on); any other status, 3xx
 * included (redirects are not followed: a POST body is not replayed to an address nobody configured), is a
 * rejection.
 *
 * <p>Optional gzip ({@code Content-Encoding: gzip}, as Crashpad's handler sends unless given
 * {@code --no-upload-gzip}): the body is compressed while it is sent, so its length is unknown and it goes
 * chunked. Off by default: not every collector undoes it (Sentry's minidump endpoint once answered a gzipped
 * upload with 400, and its Crashpad guide told users to turn gzip off), and a proxy in between may not pass
 * a chunked upload.
 *
 * <p>Nothing here prints the URL as configured: collector tokens travel in it (see {@link SafeUrl}).
 */
public final class BreakpadSender implements ReportSender {
    /** At most this much of a response body is read; the receipt keeps at most {@value #RECEIPT_MAX_BYTES}. */
    private static final int RESPONSE_READ_LIMIT = 8 * 1024;
    static final int RECEIPT_MAX_BYTES = 1024;

    private final URI url;
    private final Map<String, Product> products;
    private final String clientId;
    private final Map<String, String> extraFields;
    private final boolean gzip;
    private final HttpClient client;
    private final Clock clock;

    /**
     * @param products product overrides by image name (see {@link Product#of}); may be empty
     * @param clientId this install's id, sent as Crashpad's {@code guid}; null to send none
     * @param gzip     compress the body ({@code Content-Encoding: gzip})
     */
    public BreakpadSender(URI url, Map<String, Product> products, String clientId, boolean gzip,
                          Duration connectTimeout) {
        this(url, products, clientId, Map.of(), gzip, connectTimeout, Clock.systemUTC());
    }

    /**
     * @param extraFields constant fields added to every upload after wercli's own, in their map's order, e.g.
     *                    BugSplat's Crashpad endpoint needs {@code database=<name>} and {@code format=minidump};
     *                    IllegalArgumentException when one names a field wercli sends itself
     */
    public BreakpadSender(URI url, Map<String, Product> products, String clientId, Map<String, String> extraFields,
                          boolean gzip, Duration connectTimeout) {
        this(url, products, clientId, extraFields, gzip, connectTimeout, Clock.systemUTC());
    }

    BreakpadSender(URI url, Map<String, Product> products, String clientId, Map<String, String> extraFields,
                   boolean gzip, Duration connectTimeout, Clock clock) {
        SafeUrl.requireHttp(url);
        this.url = url;
        this.products = products == null ? Map.of() : Map.copyOf(products);
        this.clientId = clientId;
        this.extraFields = extraFields == null ? Map.of() : new java.util.LinkedHashMap<>(extraFields);
        BreakpadFields.withExtras(Map.of(), this.extraFields); // refuses a clash now, not at the first crash
        this.extraFields.forEach(MultipartBody.builder()::field); // and a name with CR/LF
        this.gzip = gzip;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The dump travels in the same request: it may take the whole delivery budget. */
    @Override
    public boolean sendsTheDump() {
        return true;
    }

    /** The Breakpad upload is a dump upload: a capture whose dump is gone can never be sent. */
    @Override
    public boolean needsTheDump() {
        return true;
    }

    @Override
    public Result send(Outgoing capture, Duration timeout) {
        if (capture.report() == null) {
            return new Result(Outcome.REJECTED, "not a report wercli can read: the Breakpad upload needs its fields");
        }
        if (capture.dump().isEmpty()) {
            return new Result(Outcome.REJECTED, "no dump to upload");
        }
        Path dump = capture.dump().get();
        MultipartBody body;
        try {
            Map<String, String> fields = BreakpadFields.withExtras(BreakpadFields.of(capture.report(),
                    Product.of(capture.report(), products), clientId), extraFields);
            body = BreakpadFields.body(capture, fields, dump);
        } catch (NoSuchFileException e) {
            return new Result(Outcome.REJECTED, "dump file gone: " + dump.getFileName());
        } catch (IOException e) {
            return new Result(Outcome.RETRY, "reading the dump: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        List<InputStream> opened = new ArrayList<>();
        try {
            return exchange(request(body, timeout, opened));
        } catch (IOException e) { // the dump vanished between build and send
            return new Result(Outcome.REJECTED, "dump file gone: " + dump.getFileName());
        } finally {
            // The client closes a body stream it read to the end, not one it abandoned (server hung up):
            // close it here, or the dump stays open (and on Windows cannot be deleted by retention).
            for (InputStream in : opened) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing was lost: the body was only being read
                }
            }
        }
    }

    /** The upload request; with gzip, each body stream the client opens is added to {@code opened}. */
    HttpRequest request(MultipartBody body, Duration timeout, List<InputStream> opened) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", body.contentType());
        if (gzip) {
            b.header("Content-Encoding", "gzip");
            b.POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                InputStream in = GzipStream.of(body.openStream());
                synchronized (opened) {
                    opened.add(in);
                }
                return in;
            }));
        } else {
            b.POST(body.publisher());
        }
        return b.build();
    }

    private Result exchange(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            byte[] answer;
            try (InputStream in = response.body()) {
                answer = status / 100 == 2 ? in.readNBytes(RESPONSE_READ_LIMIT) : new byte[0];
            }
            if (status / 100 == 2) {
                return new Result(Outcome.ACCEPTED, "HTTP " + status, receipt(answer), null);
            }
            if (status / 100 == 5 || status == 408 || status == 429) {
                Instant after = status == 429 || status == 503
                        ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
                        : null;
                return new Result(Outcome.RETRY, "HTTP " + status, null, after);
            }
            return new Result(Outcome.REJECTED, "HTTP " + status);
        } catch (IOException | UncheckedIOException e) {
            return new Result(Outcome.RETRY, e.getClass().getSimpleName() + ": " + SafeUrl.scrub(e.getMessage(), url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.RETRY, "interrupted");
        }
    }

    /**
     * What a user may look up in the backend: the answer trimmed, line breaks made spaces, other control characters dropped, cut to
     * {@value #RECEIPT_MAX_BYTES} bytes of UTF-8; null when nothing printable is left.
     */
    static String receipt(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean printable = !Character.isISOControl(cp) && cp != 0xFFFD
                    && Character.getType(cp) != Character.UNASSIGNED && Character.getType(cp) != Character.FORMAT;
            boolean space = cp == '\n' || cp == '\r' || cp == '\t';
            // A line break or tab becomes one space (a run of them too); other control characters are dropped.
            String s = printable ? new String(Character.toChars(cp))
                    : space && b.length() > 0 && b.charAt(b.length() - 1) != ' ' ? " " : "";
            int n = s.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > RECEIPT_MAX_BYTES) {
                break;
            }
            b.append(s);
            bytes += n;
        }
        String r = b.toString().trim();
        return r.isEmpty() ? null : r;
    }

    /**
     * Retry-After (RFC 9110): delay-seconds or an HTTP-date. Null when absent or unreadable: a malformed header
     * must not stop retries for long, so it is ignored rather than guessed.
     */
    static Instant retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return now.plusSeconds(Long.parseLong(v));
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** For logs: where this sender uploads, without its secrets. */
    @Override
    public String toString() {
        return "BreakpadSender[" + SafeUrl.of(url) + (gzip ? ", gzip" : "") + "]";
    }
}
