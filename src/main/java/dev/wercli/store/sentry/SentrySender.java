package dev.wercli.store.sentry;

import dev.wercli.config.Json;
import dev.wercli.store.Outgoing;
import dev.wercli.store.Product;
import dev.wercli.store.ReportSender;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Sends a capture to a Sentry project as one envelope ({@link SentryEnvelope}) POSTed to the DSN's envelope
 * endpoint. The event id is derived from the report id ({@link SentryEvent#eventId}), so a resend after a
 * lost response is dropped by Sentry as a repeat.
 *
 * <p>Sentry throttles with 429 and tells how long to wait in {@code X-Sentry-Rate-Limits} (or plain
 * {@code Retry-After}); it may also announce a limit on a 200. Either way the wait is passed on as the
 * result's retryAfter, so that delivery sends nothing more to it before then.
 */
public final class SentrySender implements ReportSender {
    /** Sentry's SDKs wait this long after a 429 that says nothing about how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    /** The rate-limit categories an envelope of ours falls in; a limit naming no category covers all. */
    private static final Set<String> OUR_CATEGORIES = Set.of("error", "attachment");
    /** Sentry answers {"id":"<event id>"}; anything much longer is not that, and is not read. */
    private static final int MAX_RESPONSE_BYTES = 4096;

    private final SentryDsn dsn;
    private final Map<String, Product> products;
    private final String wercliVersion;
    private final HttpClient client;

    /**
     * @param products       per-image product overrides ({@link Product#of}), may be empty
     * @param wercliVersion  names the client in X-Sentry-Auth and the event's sdk
     */
    public SentrySender(SentryDsn dsn, Map<String, Product> products, String wercliVersion, Duration connectTimeout) {
        this.dsn = dsn;
        this.products = products == null ? Map.of() : Map.copyOf(products);
        this.wercliVersion = wercliVersion;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The dump travels in the same request: it may take the whole delivery budget. */
    @Override
    public boolean sendsTheDump() {
        return true;
    }

    @Override
    public Result send(Outgoing capture, Duration timeout) {
        if (capture.report() == null) {
            return new Result(Outcome.REJECTED, "not a readable report");
        }
        Map<String, Object> event = SentryEvent.of(capture.report(), Product.of(capture.report(), products), wercliVersion);
        String eventId = (String) event.get("event_id");
        SentryEnvelope envelope;
        try {
            envelope = SentryEnvelope.of(dsn, event, capture.dump().orElse(null), capture.reportId(),
                    capture.reportJson(), wercliVersion, Instant.now());
        } catch (UncheckedIOException e) {
            // The dump is there but cannot be read now (locked, permissions): it stays spooled for a later try.
            return new Result(Outcome.RETRY, scrub("dump not readable: " + e.getCause().getClass().getSimpleName()
                    + ": " + e.getCause().getMessage()));
        }
        HttpRequest request = HttpRequest.newBuilder(dsn.envelopeEndpoint())
                .timeout(timeout)
                .header("Content-Type", "application/x-sentry-envelope")
                .header("X-Sentry-Auth", dsn.authHeader(wercliVersion))
                .POST(envelope.publisher())
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES);
            }
            return outcome(response.statusCode(), response.headers().firstValue("X-Sentry-Rate-Limits").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), body, eventId, Instant.now());
        } catch (IOException e) {
            return new Result(Outcome.RETRY, scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.RETRY, "interrupted");
        }
    }

    /** What an answer means: 2xx delivered; 5xx, 408, 429 later; 413 and any other 4xx never. */
    static Result outcome(int status, String rateLimits, String retryAfter, byte[] body, String eventId, Instant now) {
        String detail = "HTTP " + status;
        Instant limit = rateLimitUntil(rateLimits, now);
        if (status / 100 == 2) {
            return new Result(Outcome.ACCEPTED, detail, receipt(body, eventId), limit);
        }
        if (status == 429) {
            if (limit == null) {
                limit = retryAfterUntil(retryAfter, now);
            }
            return new Result(Outcome.RETRY, detail, null, limit != null ? limit : now.plus(DEFAULT_RETRY_AFTER));
        }
        if (status / 100 == 5 || status == 408) {
            return new Result(Outcome.RETRY, detail, null, limit);
        }
        return new Result(Outcome.REJECTED, detail);
    }

    /** Sentry's answer to an accepted envelope; read into a record, as the store reads all JSON. */
    private record Answer(String id) {
    }

    /** The id Sentry answered with (it is the event id we sent, normalised), else ours. */
    private static String receipt(byte[] body, String eventId) {
        try {
            Answer answer = body.length == 0 ? null : Json.snakeCase().readValue(body, Answer.class);
            String id = answer == null ? null : answer.id();
            if (id != null && id.matches("[0-9a-fA-F-]{32,36}")) {
                return id;
            }
        } catch (IOException e) {
            // Not JSON (a proxy's page): the event id we sent is the receipt all the same.
        }
        return eventId;
    }

    /**
     * The end of the longest limit in {@code X-Sentry-Rate-Limits} that covers an error event or an
     * attachment: groups {@code retry_after:categories:scope[:reason...]} separated by ",", categories by
     * ";", no category meaning all. Null when none applies.
     */
    static Instant rateLimitUntil(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Instant until = null;
        for (String group : header.split(",")) {
            String[] fields = group.trim().split(":", -1);
            if (fields.length < 2) {
                continue;
            }
            double seconds;
            try {
                seconds = Double.parseDouble(fields[0].trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (!(seconds >= 0) || !coversUs(fields[1])) {
                continue;
            }
            Instant end = now.plusSeconds((long) Math.ceil(Math.min(seconds, Integer.MAX_VALUE)));
            if (until == null || end.isAfter(until)) {
                until = end;
            }
        }
        return until;
    }

    private static boolean coversUs(String categories) {
        if (categories.isBlank()) {
            return true;
        }
        for (String c : categories.split(";")) {
            if (OUR_CATEGORIES.contains(c.trim())) {
                return true;
            }
        }
        return false;
    }

    /** Retry-After as delay-seconds or an HTTP date; null when absent or neither. */
    static Instant retryAfterUntil(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return now.plusSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                return ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** An exception's message may quote what was sent: the key must not reach a log through it. */
    private String scrub(String detail) {
        return detail.replace(dsn.publicKey(), "***");
    }

    @Override
    public String toString() {
        return "SentrySender[" + dsn.redacted() + "]";
    }
}
