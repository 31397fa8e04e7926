package dev.wercli.store.breakpad;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * A {@code multipart/form-data} body (RFC 7578) whose file parts stay on disk: it is sent as a
 * {@link HttpRequest.BodyPublishers#concat concatenation} of small in-memory segments (boundaries, part
 * headers, text fields) and {@link HttpRequest.BodyPublishers#ofFile file} segments, so a 1 GiB dump goes out
 * with a heap of a few MiB. The same segments can be read as one {@link #openStream() stream} (gzip, tests).
 *
 * <p>The boundary is {@value #BOUNDARY_PREFIX} plus 160 random bits in hex. It is checked against every
 * in-memory part (and redrawn on the one-in-2^160 chance it occurs there). A file part is not scanned, since
 * that would mean reading a possibly huge dump twice: the chance that 40 given random hex digits occur in a
 * 1 GiB file is about 2^30 / 2^160, far below that of a disk error, so the long random boundary is enough.
 *
 * <p>Names and file names go into {@code Content-Disposition} as quoted strings, escaped as browsers do
 * (HTML's form-data encoding): {@code "} becomes {@code %22}. CR and LF cannot be escaped there in a way every
 * server undoes, and no name wercli sends has them, so they are refused rather than sent mangled. Text is
 * UTF-8.
 */
public final class MultipartBody {
    static final String BOUNDARY_PREFIX = "wercli-";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One piece of the body on the wire: bytes held in memory, or a whole file read while it is sent. */
    private sealed interface Segment permits Bytes, FileSegment {
        long length();
    }

    private record Bytes(byte[] bytes) implements Segment {
        public long length() {
            return bytes.length;
        }
    }

    private record FileSegment(Path file, long length) implements Segment {
    }

    private final String boundary;
    private final List<Segment> segments;
    private final long contentLength;

    private MultipartBody(String boundary, List<Segment> segments) {
        this.boundary = boundary;
        this.segments = segments;
        long total = 0;
        for (Segment s : segments) {
            total += s.length();
        }
        this.contentLength = total;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String boundary() {
        return boundary;
    }

    /** The request's {@code Content-Type} header value. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The exact length in bytes of the (uncompressed) body, file sizes as they were at {@link Builder#build}. */
    public long contentLength() {
        return contentLength;
    }

    /**
     * The body for {@link java.net.http.HttpClient}: its length is known, files are read while sent.
     *
     * @throws FileNotFoundException when a file part's file is gone
     */
    public HttpRequest.BodyPublisher publisher() throws FileNotFoundException {
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            parts.add(s instanceof Bytes b ? HttpRequest.BodyPublishers.ofByteArray(b.bytes())
                    : HttpRequest.BodyPublishers.ofFile(((FileSegment) s).file()));
        }
        return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
    }

    /** The whole body as one stream; each file is opened only when the stream reaches it. */
    public InputStream openStream() {
        Iterator<Segment> it = segments.iterator();
        return new SequenceInputStream(new java.util.Enumeration<>() {
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            public InputStream nextElement() {
                Segment s = it.next();
                return s instanceof Bytes b ? new ByteArrayInputStream(b.bytes())
                        : new LazyFileStream(((FileSegment) s).file());
            }
        });
    }

    /** Writes the whole body to {@code out}, streaming the files. */
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = openStream()) {
            in.transferTo(out);
        }
    }

    /** Opens its file on first read, so that an IOException surfaces from read() and not from an Enumeration. */
    private static final class LazyFileStream extends InputStream {
        private final Path file;
        private InputStream in;
        private boolean closed;

        LazyFileStream(Path file) {
            this.file = file;
        }

        private InputStream in() throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (in == null) {
                in = Files.newInputStream(file);
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (in != null) {
                in.close();
            }
        }
    }

    /** Collects the parts in order; {@link #build()} draws the boundary and lays out the bytes. */
    public static final class Builder {
        private sealed interface Part permits TextPart, BytesPart, PathPart {
        }

        private record TextPart(String name, String value) implements Part {
        }

        private record BytesPart(String name, String fileName, String contentType, byte[] content) implements Part {
        }

        private record PathPart(String name, String fileName, String contentType, Path file) implements Part {
        }

        private final List<Part> parts = new ArrayList<>();

        private Builder() {
        }

        /** A text field; its value is sent as UTF-8. */
        public Builder field(String name, String value) {
            checkName(name);
            if (value == null) {
                throw new IllegalArgumentException("field '" + name + "' has no value");
            }
            parts.add(new TextPart(name, value));
            return this;
        }

        /** A file part held in memory (small: a report). */
        public Builder file(String name, String fileName, String contentType, byte[] content) {
            checkName(name);
            checkName(fileName);
            checkContentType(contentType);
            parts.add(new BytesPart(name, fileName, contentType, content.clone()));
            return this;
        }

        /** A file part read from {@code file} while the body is sent, never held in memory. */
        public Builder file(String name, String fileName, String contentType, Path file) {
            checkName(name);
            checkName(fileName);
            checkContentType(contentType);
            parts.add(new PathPart(name, fileName, contentType, file));
            return this;
        }

        /**
         * Lays out the body with a fresh boundary.
         *
         * @throws IOException when a file part's size cannot be read (its file is gone)
         */
        public MultipartBody build() throws IOException {
            List<Long> sizes = new ArrayList<>();
            for (Part p : parts) {
                if (p instanceof PathPart f) {
                    sizes.add(Files.size(f.file()));
                }
            }
            String boundary;
            do {
                boundary = randomBoundary();
            } while (occursInMemoryParts(boundary));
            return new MultipartBody(boundary, layout(boundary, sizes));
        }

        private boolean occursInMemoryParts(String boundary) {
            byte[] needle = boundary.getBytes(StandardCharsets.US_ASCII);
            for (Part p : parts) {
                byte[] content = p instanceof TextPart t ? t.value().getBytes(StandardCharsets.UTF_8)
                        : p instanceof BytesPart b ? b.content() : null;
                if (content != null && indexOf(content, needle) >= 0) {
                    return true;
                }
            }
            return false;
        }

        /** In-memory bytes are merged into as few segments as possible; each file is a segment of its own. */
        private List<Segment> layout(String boundary, List<Long> sizes) {
            List<Segment> out = new ArrayList<>();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            Iterator<Long> size = sizes.iterator();
            for (Part p : parts) {
                // The CRLF before each delimiter belongs to the delimiter (RFC 2046), not to the part before.
                if (pending.size() > 0 || !out.isEmpty()) {
                    pending.writeBytes(CRLF);
                }
                ascii(pending, "--" + boundary + "\r\n");
                if (p instanceof TextPart t) {
                    utf8(pending, "Content-Disposition: form-data; name=\"" + quote(t.name()) + "\"\r\n\r\n");
                    utf8(pending, t.value());
                } else if (p instanceof BytesPart b) {
                    fileHeader(pending, b.name(), b.fileName(), b.contentType());
                    pending.writeBytes(b.content());
                } else {
                    PathPart f = (PathPart) p;
                    fileHeader(pending, f.name(), f.fileName(), f.contentType());
                    out.add(new Bytes(pending.toByteArray()));
                    pending.reset();
                    out.add(new FileSegment(f.file(), size.next()));
                }
            }
            if (pending.size() > 0 || !out.isEmpty()) {
                pending.writeBytes(CRLF);
            }
            ascii(pending, "--" + boundary + "--\r\n");
            out.add(new Bytes(pending.toByteArray()));
            return Collections.unmodifiableList(out);
        }

        private static void fileHeader(ByteArrayOutputStream out, String name, String fileName, String contentType) {
            utf8(out, "Content-Disposition: form-data; name=\"" + quote(name) + "\"; filename=\"" + quote(fileName)
                    + "\"\r\n");
            ascii(out, "Content-Type: " + contentType + "\r\n\r\n");
        }
    }

    private static String randomBoundary() {
        byte[] bits = new byte[20];
        RANDOM.nextBytes(bits);
        return BOUNDARY_PREFIX + HexFormat.of().formatHex(bits);
    }

    /** Escapes a name for a quoted {@code Content-Disposition} parameter, as HTML's form-data encoding does. */
    static String quote(String name) {
        return name.replace("\"", "%22");
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a part needs a name");
        }
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("CR or LF in a part name: " + name.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    private static void checkContentType(String contentType) {
        if (contentType == null || !contentType.matches("[!-~]+(; ?[!-~]+)*")) {
            throw new IllegalArgumentException("not a content type: " + contentType);
        }
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void utf8(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
