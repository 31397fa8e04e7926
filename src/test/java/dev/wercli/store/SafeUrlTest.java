package dev.wercli.store;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SafeUrlTest {
    @Test
    void userInfoIsDroppedAndQueryValuesMasked() {
        assertEquals("https://crash.example.com:8443/submit?token=***&format=***",
                SafeUrl.of(URI.create("https://alice:s3cret@crash.example.com:8443/submit?token=abc123&format=minidump#frag")));
        assertEquals("https://o0.ingest.sentry.io/api/0/minidump/?sentry_key=***",
                SafeUrl.of(URI.create("https://o0.ingest.sentry.io/api/0/minidump/?sentry_key=examplePublicKey")));
        assertEquals("http://127.0.0.1:1/x?***", SafeUrl.of(URI.create("http://127.0.0.1:1/x?bareSecret")));
    }

    @Test
    void aTokenInThePathIsMasked() {
        String token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertEquals("https://submit.backtrace.io/universe/***/minidump",
                SafeUrl.of(URI.create("https://submit.backtrace.io/universe/" + token + "/minidump")));
        assertEquals("https://fred.bugsplat.com/post/bp/crash/crashpad.php",
                SafeUrl.of(URI.create("https://fred.bugsplat.com/post/bp/crash/crashpad.php")));
    }

    @Test
    void scrubRemovesTheUrlAndItsSecretsFromAMessage() {
        URI url = URI.create("https://bob:hunter22@host.example/u/0123456789abcdef0123?token=tok-42&x=1");
        String scrubbed = SafeUrl.scrub("failed on " + url + " (token tok-42, user bob:hunter22, key "
                + "0123456789abcdef0123)", url);
        assertFalse(scrubbed.contains("hunter22"), scrubbed);
        assertFalse(scrubbed.contains("tok-42"), scrubbed);
        assertFalse(scrubbed.contains("0123456789abcdef0123"), scrubbed);
        assertEquals(null, SafeUrl.scrub(null, url));
    }
}
