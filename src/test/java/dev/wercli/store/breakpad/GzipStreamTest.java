package dev.wercli.store.breakpad;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GzipStreamTest {
    @TempDir
    Path dir;

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theGzippedBodyDecompressesToTheSameMultipartBody() throws Exception {
        Path file = Files.write(dir.resolve("d.dmp"), MultipartBodyTest.trickyDump());
        MultipartBody body = MultipartBody.builder().field("prod", "crashy")
                .file("upload_file_minidump", "d.dmp", "application/octet-stream", file).build();
        byte[] gz;
        try (InputStream in = GzipStream.of(body.openStream())) {
            gz = in.readAllBytes();
        }
        byte[] plain = MultipartBodyTest.bytes(body);
        assertArrayEquals(plain, gunzip(gz)); // GZIPInputStream checks the CRC-32 and the size in the trailer
        MultipartReader.parse(gunzip(gz), body.boundary());
    }

    @Test
    void emptyAndLargeCompressibleInputsRoundTrip() throws Exception {
        assertArrayEquals(new byte[0], gunzip(GzipStream.of(new ByteArrayInputStream(new byte[0])).readAllBytes()));
        byte[] big = new byte[5 << 20];
        new Random(1).nextBytes(big);
        java.util.Arrays.fill(big, 1 << 20, 4 << 20, (byte) 0);
        byte[] gz = GzipStream.of(new ByteArrayInputStream(big)).readAllBytes();
        assertTrue(gz.length < big.length, "zeros compress");
        assertArrayEquals(big, gunzip(gz));
    }

    @Test
    void closingTheGzipStreamClosesItsSource() throws Exception {
        boolean[] closed = {false};
        InputStream source = new ByteArrayInputStream(new byte[100_000]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStream gz = GzipStream.of(source);
        gz.read(new byte[10]);
        gz.close();
        assertTrue(closed[0]);
    }

    @Test
    void writtenAndStreamedBodiesAreTheSame() throws Exception {
        MultipartBody body = MultipartBody.builder().field("a", "b").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        assertArrayEquals(out.toByteArray(), body.openStream().readAllBytes());
    }
}
