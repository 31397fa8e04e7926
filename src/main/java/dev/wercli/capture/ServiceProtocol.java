package dev.wercli.capture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The messages between wercli.exe (the AeDebug launcher) and the capture service on the pipe
 * {@value #PIPE_NAME}, one pipe message each (message mode). native-launcher/src/service_client.c is the
 * other side; native-launcher/README.md describes the exchange.
 *
 * <p>Request, launcher to service: UTF-16LE, fields each ended by a NUL: {@value #MAGIC}, the launcher's pid
 * (decimal), then the launcher's arguments as Windows passed them ("attach", "1234", "56", ...).
 *
 * <p>Replies, service to launcher, ASCII: {@code accepted <timeout s>} once the service has admitted the
 * request and started the capture (from then on the launcher never captures itself: two debuggers would race);
 * {@code released <exit code>} once it has been released (the launcher exits with that code; the service
 * goes on with the report); {@code fallback <reason>} when the service will not capture it (the launcher
 * then runs the capture itself, in-process).
 */
public final class ServiceProtocol {
    public static final String PIPE_NAME = "\\\\.\\pipe\\wercli-capture";
    public static final String MAGIC = "wercli-capture/1";
    /** The longest request the service reads. */
    public static final int MAX_REQUEST_BYTES = 65_536;

    private ServiceProtocol() {
    }

    /** A launcher's request: its pid (as it says) and its arguments. */
    public record Request(int launcherPid, List<String> args) {
        public Request {
            args = List.copyOf(args);
        }
    }

    public static byte[] encode(Request request) {
        StringBuilder sb = new StringBuilder(MAGIC).append('\0').append(request.launcherPid()).append('\0');
        for (String a : request.args()) {
            sb.append(a).append('\0');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_16LE);
    }

    /** The request, or empty when the bytes are not one (wrong magic, odd length, a field without its NUL). */
    public static Optional<Request> decode(byte[] bytes) {
        if (bytes.length % 2 != 0) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.UTF_16LE);
        if (!text.endsWith("\0")) {
            return Optional.empty();
        }
        List<String> fields = new ArrayList<>(List.of(text.substring(0, text.length() - 1).split("\0", -1)));
        if (fields.size() < 2 || !fields.get(0).equals(MAGIC)) {
            return Optional.empty();
        }
        int pid;
        try {
            pid = Integer.parseInt(fields.get(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (pid <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Request(pid, fields.subList(2, fields.size())));
    }

    public static byte[] accepted(long timeoutSeconds) {
        return ascii("accepted " + timeoutSeconds);
    }

    public static byte[] released(int exitCode) {
        return ascii("released " + exitCode);
    }

    /** The reason is for the launcher's trace only: one line, printable ASCII. */
    public static byte[] fallback(String reason) {
        String clean = reason.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii("fallback " + (clean.length() > 200 ? clean.substring(0, 200) : clean));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
