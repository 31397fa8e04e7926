package dev.wercli.store.sentry;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentryDsnTest {
    static final String KEY = "abcdef0123456789abcdef0123456789";

    @Test
    void sentryIoDsnGivesTheEnvelopeEndpointAndAuthHeader() {
        SentryDsn dsn = SentryDsn.parse("https://" + KEY + "@o123.ingest.sentry.io/4505");
        assertEquals(URI.create("https://o123.ingest.sentry.io/api/4505/envelope/"), dsn.envelopeEndpoint());
        assertEquals("Sentry sentry_version=7, sentry_key=" + KEY + ", sentry_client=wercli/0.1.0",
                dsn.authHeader("0.1.0"));
        assertEquals("https://" + KEY + "@o123.ingest.sentry.io/4505", dsn.publicDsn());
    }

    @Test
    void selfHostedDsnKeepsPortAndPathAndDropsTheSecret() {
        SentryDsn dsn = SentryDsn.parse("http://" + KEY + ":s3cr3t@sentry.example:9000/some/prefix/7");
        assertEquals(URI.create("http://sentry.example:9000/some/prefix/api/7/envelope/"), dsn.envelopeEndpoint());
        assertEquals("http://" + KEY + "@sentry.example:9000/some/prefix/7", dsn.publicDsn());
        assertFalse(dsn.authHeader("1").contains("s3cr3t"));
        assertEquals("http://***@sentry.example:9000/some/prefix/7", dsn.redacted());
    }

    @Test
    void toStringIsRedacted() {
        SentryDsn dsn = SentryDsn.parse("https://" + KEY + ":s3cr3t@sentry.example/1");
        assertEquals("https://***@sentry.example/1", dsn.toString());
        assertFalse(dsn.toString().contains(KEY));
        assertFalse(dsn.toString().contains("s3cr3t"));
    }

    @Test
    void badDsnsAreRefusedWithoutQuotingTheKey() {
        for (String bad : List.of(
                "ftp://" + KEY + "@sentry.example/1",
                "https://sentry.example/1",
                "https://" + KEY + "@sentry.example/",
                "https://" + KEY + "@sentry.example",
                "https://" + KEY + "@sentry.example/1?x=1",
                "https://" + KEY + "@/1",
                "https://" + KEY + "@sentry example/1",
                KEY,
                "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SentryDsn.parse(bad), bad);
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("not a Sentry DSN"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SentryDsn.parse(null));
    }
}
