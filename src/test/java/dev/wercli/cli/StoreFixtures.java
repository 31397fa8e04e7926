package dev.wercli.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Crash reports as wercli writes them (snake_case field names, the dump path as a Windows path), written by
 * hand here so the store is tested against the report format, not against its own reader.
 */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** Writes {@code <base>.json} and, when dumpBytes >= 0, {@code <base>.dmp} of that size. */
    static Path capture(Path dir, String base, String id, String time, String app, int pid, String code,
                        String module, String signature, int dumpBytes) throws IOException {
        Files.createDirectories(dir);
        String dump = "null";
        if (dumpBytes >= 0) {
            Files.write(dir.resolve(base + ".dmp"), new byte[dumpBytes]);
            dump = "{\"path\": \"C:\\\\ProgramData\\\\wercli\\\\dumps\\\\" + base + ".dmp\", \"type\": \"mini\","
                    + " \"flags\": \"0x121\", \"size_bytes\": " + dumpBytes + ", \"sha256\": null}";
        }
        String json = "{\n"
                + "  \"schema_version\": 1,\n"
                + "  \"tool\": {\"name\": \"wercli\", \"version\": \"0.1.0\"},\n"
                + "  \"report_id\": \"" + id + "\",\n"
                + "  \"captured_at\": \"" + time + "\",\n"
                + "  \"source\": \"live\",\n"
                + "  \"outcome\": \"" + (dumpBytes >= 0 ? "captured" : "failed") + "\",\n"
                + "  \"process\": {\"pid\": " + pid + ", \"image_name\": \"" + app + "\", \"image_path\": null,"
                + " \"command_line\": \"" + app + " av-write\", \"architecture\": \"x64\"},\n"
                + "  \"exception\": {\"code\": \"" + code + "\", \"name\": \"EXCEPTION_ACCESS_VIOLATION\","
                + " \"description\": \"The thread tried to write to an address it has no access to.\","
                + " \"address\": \"0x140001234\", \"parameters\": [\"0x1\", \"0x10\"], \"first_chance\": false,"
                + " \"access\": \"write\", \"target_address\": \"0x10\"},\n"
                + "  \"thread_id\": 300,\n"
                + "  \"faulting_module\": {\"name\": \"" + module + "\", \"base\": \"0x140000000\","
                + " \"offset\": \"0x1234\", \"path\": null},\n"
                + (signature == null ? "" : "  \"signature\": {\"bucket_id\": \"" + signature + "\"},\n")
                + "  \"registers\": {},\n"
                + "  \"modules\": [{\"name\": \"" + module + "\", \"base\": \"0x140000000\", \"size\": \"0x5000\","
                + " \"path\": null}],\n"
                + "  \"threads\": [{\"id\": 300, \"faulting\": true, \"instruction_pointer\": \"0x140001234\","
                + " \"stack_pointer\": \"0x21f000\"}],\n"
                + "  \"dump\": " + dump + ",\n"
                + "  \"timings_ms\": {\"attach\": 10, \"exception\": 5, \"dump\": 800, \"total\": 900},\n"
                + "  \"breadcrumbs\": [],\n"
                + "  \"errors\": " + (dumpBytes >= 0 ? "[]" : "[{\"stage\": \"dump\", \"message\": \"disk full\"}]")
                + "\n}\n";
        Path report = dir.resolve(base + ".json");
        Files.writeString(report, json, StandardCharsets.UTF_8);
        return report;
    }

    /** A capture of {@code app} at minute {@code minute} past 05:00 on 2026-11-22, id "id-<app>-<minute>". */
    static Path at(Path dir, String app, int minute, int dumpBytes) throws IOException {
        String time = String.format("2026-11-22T05:%02d:00.000Z", minute);
        String base = String.format("%s_20261122-05%02d00.000_pid%d", app, minute, 1000 + minute);
        return capture(dir, base, "id-" + app + "-" + minute, time, app, 1000 + minute, "0xC0000005", app,
                null, dumpBytes);
    }
}
