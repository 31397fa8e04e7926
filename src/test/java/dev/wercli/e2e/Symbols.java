package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The function symbols of a MinGW-built target as MinGW's nm lists them: an independent way to name the
 * frames of a report (wercli's own symbols come from exports, which crashy.exe has none of).
 */
final class Symbols {
    private final TreeMap<Long, String> byAddress;
    private final long imageBase;

    private Symbols(TreeMap<Long, String> byAddress, long imageBase) {
        this.byAddress = byAddress;
        this.imageBase = imageBase;
    }

    static Symbols of(Bitness bits, Path exe) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(bits.nm, exe.toString()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), bits.nm + " failed: " + out);
        TreeMap<Long, String> functions = new TreeMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[1].equalsIgnoreCase("t")) {
                // i686 C symbols carry a leading underscore (cdecl decoration).
                String name = bits == Bitness.X86 && f[2].startsWith("_") ? f[2].substring(1) : f[2];
                functions.put(Long.parseUnsignedLong(f[0], 16), name);
            }
        }
        return new Symbols(functions, imageBase(exe));
    }

    /** The PE optional header's ImageBase: nm prints addresses relative to it. */
    private static long imageBase(Path exe) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(exe))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int optional = b.getInt(0x3C) + 24;
        boolean pe32plus = Short.toUnsignedInt(b.getShort(optional)) == 0x20B;
        return pe32plus ? b.getLong(optional + 24) : Integer.toUnsignedLong(b.getInt(optional + 28));
    }

    /**
     * Names each frame of {@code module}: frame 0 by its address, callers by their return address less one
     * (the call instruction). Frames in other modules end the list.
     */
    List<String> name(JsonNode frames, String module) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : frames) {
            if (!module.equals(f.path("module").asText())) {
                break;
            }
            long offset = Long.decode(f.path("module_offset").asText()) - (f.path("index").asInt() == 0 ? 0 : 1);
            Map.Entry<Long, String> e = byAddress.floorEntry(imageBase + offset);
            out.add(e == null ? "?" : e.getValue());
        }
        return out;
    }
}
