package dev.wercli.store.breakpad;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict test-side reader of a multipart/form-data body: it follows the boundary exactly as RFC 2046 puts it
 * (the body starts with "--B", each later delimiter is "CRLF--B", a delimiter line is followed by CRLF or by
 * "--" and CRLF at the end) and fails on anything else, so a stray byte in the writer shows up here.
 */
final class MultipartReader {
    record Part(String name, String fileName, String contentType, Map<String, String> headers, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern NAME = Pattern.compile("; name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("; filename=\"([^\"]*)\"");

    private MultipartReader() {
    }

    static List<Part> parse(byte[] body, String boundary) {
        byte[] first = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        if (!startsWith(body, 0, first)) {
            throw new AssertionError("body does not start with the boundary");
        }
        List<Part> parts = new ArrayList<>();
        int pos = first.length;
        while (true) {
            if (startsWith(body, pos, "--\r\n".getBytes(StandardCharsets.US_ASCII))) {
                if (pos + 4 != body.length) {
                    throw new AssertionError((body.length - pos - 4) + " bytes after the closing delimiter");
                }
                return parts;
            }
            if (!startsWith(body, pos, "\r\n".getBytes(StandardCharsets.US_ASCII))) {
                throw new AssertionError("delimiter not followed by CRLF at " + pos);
            }
            pos += 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (headersEnd < 0) {
                throw new AssertionError("part headers never end");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new AssertionError("not a header: " + line);
                }
                headers.put(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).trim());
            }
            int contentStart = headersEnd + 4;
            int end = indexOf(body, delimiter, contentStart);
            if (end < 0) {
                throw new AssertionError("part never ends");
            }
            String disposition = headers.get("content-disposition");
            if (disposition == null || !disposition.startsWith("form-data")) {
                throw new AssertionError("no form-data Content-Disposition: " + headers);
            }
            Matcher name = NAME.matcher(disposition);
            Matcher fileName = FILE_NAME.matcher(disposition);
            parts.add(new Part(name.find() ? name.group(1) : null, fileName.find() ? fileName.group(1) : null,
                    headers.get("content-type"), headers, Arrays.copyOfRange(body, contentStart, end)));
            pos = end + delimiter.length;
        }
    }

    static Map<String, Part> byName(List<Part> parts) {
        Map<String, Part> m = new LinkedHashMap<>();
        for (Part p : parts) {
            if (m.put(p.name(), p) != null) {
                throw new AssertionError("two parts named " + p.name());
            }
        }
        return m;
    }

    private static boolean startsWith(byte[] a, int at, byte[] prefix) {
        return at + prefix.length <= a.length && Arrays.equals(a, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] a, byte[] needle, int from) {
        for (int i = from; i + needle.length <= a.length; i++) {
            if (startsWith(a, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
