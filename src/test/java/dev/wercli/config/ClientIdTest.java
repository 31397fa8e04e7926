package dev.wercli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientIdTest {
    @TempDir
    Path tmp;

    @Test
    void madeOnceThenStableAndRemadeWhenDamaged() throws Exception {
        String first = ClientId.in(tmp.resolve("wercli"));
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertEquals(first, ClientId.in(tmp.resolve("wercli")), "the same id on every capture");
        assertNotEquals(first, ClientId.in(tmp.resolve("other machine")), "random per machine");
        Files.writeString(tmp.resolve("wercli/client-id"), "garbage");
        String again = ClientId.in(tmp.resolve("wercli"));
        assertTrue(again.matches("[0-9a-f]{32}") && !again.equals(first), again);
    }
}
