package dev.wercli.store.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wercli.config.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Reads an envelope back the way Sentry does: a header line, then items whose payload is exactly the
 * {@code length} their header states, each followed by "\n". A wrong length shows up as a parse failure
 * (the next header is not JSON, or the newline is missing) instead of passing silently.
 */
final class EnvelopeReader {
    record Item(JsonNode header, byte[] payload) {
    }

    record Envelope(JsonNode header, List<Item> items) {
    }

    private EnvelopeReader() {
    }

    static Envelope read(byte[] bytes) throws IOException {
        int[] pos = {0};
        JsonNode header = Json.snakeCase().readTree(line(bytes, pos));
        List<Item> items = new ArrayList<>();
        while (pos[0] < bytes.length) {
            JsonNode itemHeader = Json.snakeCase().readTree(line(bytes, pos));
            if (!itemHeader.has("length")) {
                throw new IOException("item without length: " + itemHeader);
            }
            int length = itemHeader.get("length").asInt();
            if (pos[0] + length > bytes.length) {
                throw new IOException("payload runs past the end: " + itemHeader);
            }
            byte[] payload = Arrays.copyOfRange(bytes, pos[0], pos[0] + length);
            pos[0] += length;
            if (pos[0] < bytes.length) {
                if (bytes[pos[0]] != '\n') {
                    throw new IOException("no newline after the payload of " + itemHeader);
                }
                pos[0]++;
            }
            items.add(new Item(itemHeader, payload));
        }
        return new Envelope(header, items);
    }

    private static byte[] line(byte[] bytes, int[] pos) throws IOException {
        int start = pos[0];
        while (pos[0] < bytes.length && bytes[pos[0]] != '\n') {
            pos[0]++;
        }
        if (pos[0] == bytes.length) {
            throw new IOException("header line without newline at " + start);
        }
        return Arrays.copyOfRange(bytes, start, pos[0]++);
    }

    /** The bytes a publisher gives, collected as the HTTP client would; checks they match its stated length. */
    static byte[] collect(HttpRequest.BodyPublisher publisher) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.writeBytes(b);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        byte[] bytes = done.get(10, TimeUnit.SECONDS);
        if (publisher.contentLength() != bytes.length) {
            throw new IOException("publisher says " + publisher.contentLength() + " bytes, gave " + bytes.length);
        }
        return bytes;
    }
}
