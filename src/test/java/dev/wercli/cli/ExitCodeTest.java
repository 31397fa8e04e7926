package dev.wercli.cli;

import dev.wercli.capture.CaptureFailure;
import dev.wercli.install.InstallException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** ExitCode is the one table; the README only lists it. */
class ExitCodeTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (.+) \\|$");

    /** "code meaning" for each row of the README's "## Exit codes" table, backticks dropped. */
    static List<String> readmeTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Exit codes\n");
        String section = readme.substring(start + 1, readme.indexOf("\n## ", start + 1));
        List<String> rows = new ArrayList<>();
        for (String line : section.split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                rows.add(m.group(1) + " " + m.group(2).replace("`", ""));
            }
        }
        return rows;
    }

    @Test
    void theReadmeListsEveryCodeWithItsMeaning() throws IOException {
        List<String> table = Arrays.stream(ExitCode.values()).map(c -> c.code() + " " + c.meaning()).toList();
        assertEquals(table, readmeTable());
    }

    @Test
    void codesAreUnique() {
        assertEquals(ExitCode.values().length,
                new HashSet<>(Arrays.stream(ExitCode.values()).map(ExitCode::code).toList()).size());
    }

    @Test
    void everyFailureHasItsOwnCodeAndNoneIsSuccess() {
        for (CaptureFailure f : CaptureFailure.values()) {
            assertNotEquals(ExitCode.OK, ExitCode.of(f), f.name());
        }
        assertEquals(ExitCode.TIMEOUT, ExitCode.of(CaptureFailure.TIMEOUT));
        assertEquals(ExitCode.USAGE, ExitCode.of(InstallException.Kind.BAD_INPUT));
        for (InstallException.Kind k : InstallException.Kind.values()) {
            assertNotEquals(ExitCode.OK, ExitCode.of(k), k.name());
        }
    }
}
