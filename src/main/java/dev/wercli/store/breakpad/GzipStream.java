package dev.wercli.store.breakpad;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * Compresses a stream to gzip (RFC 1952) as it is read: header, raw deflate of the source, then CRC-32 and
 * length of what was read. Pull-based on purpose: the HTTP client reads it at its own pace, so there is no
 * writer thread to leak if the server hangs up, no pipe, no temporary file, and nothing in memory but the
 * deflater's state and one buffer. (GZIPInputStream only decompresses; GZIPOutputStream would need a thread.)
 */
final class GzipStream {
    /** Magic, deflate, no flags, no mtime, no extra flags, OS "unknown". */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private GzipStream() {
    }

    /** {@code source} gzip-compressed; closing the result closes {@code source} and frees the deflater. */
    static InputStream of(InputStream source) {
        CRC32 crc = new CRC32();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        DeflaterInputStream deflated = new DeflaterInputStream(new CheckedInputStream(source, crc), deflater, 1 << 16);
        Enumeration<InputStream> parts = new Enumeration<>() {
            private int next;

            public boolean hasMoreElements() {
                return next < 3;
            }

            public InputStream nextElement() {
                switch (next++) {
                    case 0: return new ByteArrayInputStream(HEADER);
                    case 1: return deflated;
                    // Asked for only once the deflated stream has ended: the CRC and size cover the whole source.
                    case 2: return new ByteArrayInputStream(trailer(crc.getValue(), deflater.getBytesRead()));
                    default: throw new NoSuchElementException();
                }
            }
        };
        return new SequenceInputStream(parts) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    super.close();
                } finally {
                    deflated.close(); // closes the source; a stream already passed is not closed again
                    deflater.end();   // a deflater passed in is not ended by DeflaterInputStream
                }
            }
        };
    }

    private static byte[] trailer(long crc, long size) {
        byte[] t = new byte[8];
        for (int i = 0; i < 4; i++) {
            t[i] = (byte) (crc >>> (8 * i));
            t[4 + i] = (byte) (size >>> (8 * i)); // ISIZE: the size modulo 2^32
        }
        return t;
    }
}
