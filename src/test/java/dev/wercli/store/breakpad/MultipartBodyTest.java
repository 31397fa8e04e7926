package dev.wercli.store.breakpad;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartBodyTest {
    @TempDir
    Path dir;

    /** A dump whose bytes look like multipart syntax: CRLF, "--", a fake boundary, a fake closing delimiter. */
    static byte[] trickyDump() {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("MDMP\r\n--\r\n--wercli-\r\n\r\n--wercli-00--\r\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(noise);
        b.writeBytes("\r\n--".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    static byte[] bytes(MultipartBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        return out.toByteArray();
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void everyPartComesBackAndTheFileIsByteIdentical() throws Exception {
        byte[] dump = trickyDump();
        Path file = Files.write(dir.resolve("crashy.exe_1.dmp"), dump);
        MultipartBody body = MultipartBody.builder()
                .field("prod", "crashy")
                .field("ünï", "välue with \"quotes\" and\r\nlines")
                .field("empty", "")
                .file("wercli_report", "r1.json", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                .file("upload_file_minidump", "crashy.exe_1.dmp", "application/octet-stream", file)
                .build();
        byte[] wire = bytes(body);
        assertEquals(body.contentLength(), wire.length);
        Map<String, MultipartReader.Part> parts = MultipartReader.byName(MultipartReader.parse(wire, body.boundary()));
        assertEquals(List.of("prod", "ünï", "empty", "wercli_report", "upload_file_minidump"), List.copyOf(parts.keySet()));
        assertEquals("crashy", parts.get("prod").text());
        assertEquals("välue with \"quotes\" and\r\nlines", parts.get("ünï").text());
        assertEquals("", parts.get("empty").text());
        assertEquals("{\"a\":1}", parts.get("wercli_report").text());
        assertEquals("r1.json", parts.get("wercli_report").fileName());
        assertEquals("application/json", parts.get("wercli_report").contentType());
        MultipartReader.Part d = parts.get("upload_file_minidump");
        assertEquals("crashy.exe_1.dmp", d.fileName());
        assertEquals("application/octet-stream", d.contentType());
        assertEquals(sha256(dump), sha256(d.content()));
        assertEquals("multipart/form-data; boundary=" + body.boundary(), body.contentType());
    }

    @Test
    void thePublisherSendsExactlyTheBytesWrittenAndKnowsTheirLength() throws Exception {
        Path file = Files.write(dir.resolve("d.dmp"), trickyDump());
        MultipartBody body = MultipartBody.builder().field("a", "b")
                .file("upload_file_minidump", "d.dmp", "application/octet-stream", file).field("after", "x").build();
        HttpRequest.BodyPublisher publisher = body.publisher();
        assertEquals(body.contentLength(), publisher.contentLength());
        assertArrayEquals(bytes(body), collect(publisher));
    }

    @Test
    void aBodyWithOnlyFieldsOrNothingIsStillWellFormed() throws Exception {
        MultipartBody fields = MultipartBody.builder().field("x", "1").build();
        byte[] wire = bytes(fields);
        assertEquals(fields.contentLength(), wire.length);
        assertEquals("1", MultipartReader.parse(wire, fields.boundary()).get(0).text());
        MultipartBody empty = MultipartBody.builder().build();
        assertEquals(List.of(), MultipartReader.parse(bytes(empty), empty.boundary()));
    }

    @Test
    void quotesAreEscapedAndLineBreaksInNamesRefused() throws Exception {
        MultipartBody body = MultipartBody.builder()
                .file("f\"x", "a\"b.json", "application/json", new byte[]{1}).build();
        String wire = new String(bytes(body), StandardCharsets.UTF_8);
        assertTrue(wire.contains("name=\"f%22x\"; filename=\"a%22b.json\""), wire);
        assertThrows(IllegalArgumentException.class, () -> MultipartBody.builder().field("a\r\nX-Evil: 1", "v"));
        assertThrows(IllegalArgumentException.class, () -> MultipartBody.builder().field("a\nb", "v"));
        assertThrows(IllegalArgumentException.class,
                () -> MultipartBody.builder().file("f", "x\r.dmp", "application/octet-stream", dir.resolve("x")));
        assertThrows(IllegalArgumentException.class,
                () -> MultipartBody.builder().file("f", "x.dmp", "text/plain\r\nX: y", new byte[0]));
    }

    @Test
    void eachBodyDrawsALongRandomBoundaryThatIsNotInItsFields() throws Exception {
        MultipartBody a = MultipartBody.builder().field("v", "--wercli-").build();
        MultipartBody b = MultipartBody.builder().field("v", "--wercli-").build();
        assertTrue(a.boundary().matches("wercli-[0-9a-f]{40}"), a.boundary());
        assertTrue(a.boundary().length() <= 70, "RFC 2046 allows 70 characters");
        assertTrue(!a.boundary().equals(b.boundary()));
    }

    @Test
    void aMissingFileFailsAtBuild() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> MultipartBody.builder()
                .file("upload_file_minidump", "gone.dmp", "application/octet-stream", dir.resolve("gone.dmp")).build());
    }

    static byte[] collect(HttpRequest.BodyPublisher publisher) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.writeBytes(b);
            }

            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(10, TimeUnit.SECONDS);
        return out.toByteArray();
    }
}
