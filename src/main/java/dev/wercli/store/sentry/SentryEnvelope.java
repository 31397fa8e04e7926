package dev.wercli.store.sentry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wercli.config.Json;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Sentry envelope, the body of one POST: a header line, then items, each a header line (with the payload's
 * exact {@code length} in bytes) and its payload, then "\n". Every item states its length, so payloads may
 * hold any bytes, newlines included (a minidump does).
 *
 * <p>The items: the {@code event}; the minidump as an {@code event.minidump} attachment, which Sentry
 * stack-walks and symbolicates; the wercli report as a JSON attachment, so the whole report is at hand in
 * Sentry. The dump is streamed from its file while the request is sent (a dump of a large process can be
 * gigabytes); everything else is small and held in memory.
 */
public final class SentryEnvelope {
    static final String REPORT_SUFFIX = ".wercli.json";

    /** Compact: an envelope's headers must each fit on one line. */
    private static final ObjectWriter HEADER_WRITER = Json.snakeCase().writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final byte[] NEWLINE = {'\n'};

    private final List<HttpRequest.BodyPublisher> parts;

    private SentryEnvelope(List<HttpRequest.BodyPublisher> parts) {
        this.parts = parts;
    }

    /**
     * @param event      the event ({@link SentryEvent#of}); its {@code event_id} heads the envelope
     * @param dump       the minidump, or null to send the event and report only; a dump that is gone by now
     *                   (retention deleted it) is left out the same way, since the event stands without it
     * @param reportId   names the report attachment
     * @param reportJson the report file's bytes, sent as they are
     */
    public static SentryEnvelope of(SentryDsn dsn, Map<String, Object> event, Path dump, String reportId,
                                    byte[] reportJson, String wercliVersion, Instant sentAt) {
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("event_id", event.get("event_id"));
        header.put("dsn", dsn.publicDsn());
        header.put("sent_at", sentAt.toString());
        header.put("sdk", Map.of("name", "wercli", "version", wercliVersion));
        parts.add(line(header));

        byte[] eventJson = json(event);
        Map<String, Object> eventHeader = new LinkedHashMap<>();
        eventHeader.put("type", "event");
        eventHeader.put("length", eventJson.length);
        eventHeader.put("content_type", "application/json");
        addItem(parts, eventHeader, HttpRequest.BodyPublishers.ofByteArray(eventJson));

        if (dump != null) {
            addDump(parts, dump);
        }

        Map<String, Object> reportHeader = new LinkedHashMap<>();
        reportHeader.put("type", "attachment");
        reportHeader.put("length", reportJson.length);
        reportHeader.put("filename", reportId + REPORT_SUFFIX);
        reportHeader.put("content_type", "application/json");
        addItem(parts, reportHeader, HttpRequest.BodyPublishers.ofByteArray(reportJson));
        return new SentryEnvelope(List.copyOf(parts));
    }

    private static void addDump(List<HttpRequest.BodyPublisher> parts, Path dump) {
        long size;
        HttpRequest.BodyPublisher body;
        try {
            size = Files.size(dump);
            body = HttpRequest.BodyPublishers.ofFile(dump);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "attachment");
        header.put("length", size);
        header.put("filename", dump.getFileName().toString());
        header.put("attachment_type", "event.minidump");
        header.put("content_type", "application/octet-stream");
        addItem(parts, header, body);
    }

    private static void addItem(List<HttpRequest.BodyPublisher> parts, Map<String, Object> header,
                                HttpRequest.BodyPublisher payload) {
        parts.add(line(header));
        parts.add(payload);
        parts.add(HttpRequest.BodyPublishers.ofByteArray(NEWLINE));
    }

    private static HttpRequest.BodyPublisher line(Map<String, Object> header) {
        byte[] json = json(header);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return HttpRequest.BodyPublishers.ofByteArray(line);
    }

    private static byte[] json(Object value) {
        try {
            return HEADER_WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The body, read from the parts as it is sent: a new publisher each call (the HTTP client may subscribe
     * again when it resends). Its length is known up front, so it goes as Content-Length, not chunked.
     */
    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
    }
}
