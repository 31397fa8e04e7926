package dev.wercli.capture;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's request and the service's replies, as native-launcher/src/service_client.c writes and reads them. */
class ServiceProtocolTest {
    @Test
    void aRequestRoundTripsWithAnyText() {
        ServiceProtocol.Request r = new ServiceProtocol.Request(4242, List.of("attach", "328", "48", "--dump-dir",
                "C:\\dumps zä€Ж😀", ""));
        assertEquals(Optional.of(r), ServiceProtocol.decode(ServiceProtocol.encode(r)));
    }

    @Test
    void theBytesAreWhatTheLauncherSends() {
        // The launcher: MAGIC, its pid, each argument, each ended by a NUL, UTF-16LE.
        byte[] wire = "wercli-capture/1\u00007\u0000attach\u00001\u00002\u0000".getBytes(StandardCharsets.UTF_16LE);
        assertEquals(Optional.of(new ServiceProtocol.Request(7, List.of("attach", "1", "2"))),
                ServiceProtocol.decode(wire));
    }

    @Test
    void anythingElseIsNotARequest() {
        for (String text : List.of("", "wercli-capture/1\u0000", "wercli-capture/2\u00007\u0000attach\u0000",
                "wercli-capture/1\u00007\u0000attach", "wercli-capture/1\u0000x\u0000attach\u0000",
                "wercli-capture/1\u00000\u0000attach\u0000", "wercli-capture/1\u0000-3\u0000attach\u0000")) {
            assertEquals(Optional.empty(), ServiceProtocol.decode(text.getBytes(StandardCharsets.UTF_16LE)), text);
        }
        assertEquals(Optional.empty(), ServiceProtocol.decode(new byte[] {0x77, 0, 0x65}), "odd length");
    }

    @Test
    void repliesAreOneAsciiLineTheLauncherParses() {
        assertEquals("accepted 60", new String(ServiceProtocol.accepted(60), StandardCharsets.US_ASCII));
        assertEquals("released 7", new String(ServiceProtocol.released(7), StandardCharsets.US_ASCII));
        String fallback = new String(ServiceProtocol.fallback("denied\r\nä" + "x".repeat(500)),
                StandardCharsets.US_ASCII);
        assertTrue(fallback.startsWith("fallback denied???"), fallback);
        assertTrue(fallback.length() <= 209, "bounded: " + fallback.length());
    }
}
