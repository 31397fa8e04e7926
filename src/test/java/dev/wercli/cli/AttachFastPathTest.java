package dev.wercli.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The picocli-free parse of AeDebug's attach command lines is a shortcut, never a second dialect. */
class AttachFastPathTest {
    /**
     * What an attach command line sets, from whichever parser filled in the command: every field picocli
     * fills (found by its annotation, so a new option is compared without anyone listing it here).
     */
    static String fields(AttachCommand c) {
        StringBuilder s = new StringBuilder();
        for (Field f : AttachCommand.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                try {
                    s.append(f.getName()).append('=').append(f.get(c)).append('|');
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return s.append("verbose=").append(c.verbose.verbose).toString();
    }

    static String[] argv(String line) {
        return line.isEmpty() ? new String[0] : line.split(" ");
    }

    static AttachCommand picocli(String line) {
        AttachCommand c = new AttachCommand();
        new CommandLine(c).parseArgs(argv(line));
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "328 48 000000000021ECA0",
        "328 48",
        "328",
        "328 48 0x21eca0 --dump-dir C:\\ProgramData\\wercli\\dumps",
        "328 48 --dump-type 0x0 --dump-dir C:\\bench\\5",
        "--dump-dir=C:\\d 328 48 --dump-type=full",
        "328 48 --timeout 30 --keep 0 --max-size 2G --log-file C:\\l.log",
        "328 48 --upload-url http://127.0.0.1:8080/r --upload-dumps -v",
        "328 48 0x21eca0 --release signal",
        "328 --verbose 48 ABCDEF",
    })
    void takesAeDebugLinesExactlyAsPicocliDoes(String line) {
        Optional<AttachCommand> fast = AttachFastPath.parse(argv(line));
        assertTrue(fast.isPresent(), "the fast path takes: " + line);
        assertEquals(fields(picocli(line)), fields(fast.get()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-p 328 -e 48",                  // the flagged form: picocli's
        "328 48 --help",                 // help and version: picocli's
        "-h",
        "328 48 --no-such-option",       // unknown: picocli words the error
        "328 48 --dump-dir a --dump-dir b", // repeated: picocli refuses
        "328 48 -v --verbose",
        "328 48 --timeout 010",          // picocli reads 010 as octal
        "328 48 --timeout 0x10",
        "328 48 --keep -1",              // a value like an option
        "328 48 --dump-dir",             // value missing
        "328 48 --verbose=true",
        "328 48 1 2",                    // a fourth positional
        "328 48 zz",                     // not hex
        "328 48 --test-delay-before-dump-ms 5000", // hidden testing option
        "328 48 -- x",
    })
    void leavesEverythingElseToPicocli(String line) {
        assertEquals(Optional.empty(), AttachFastPath.parse(argv(line)).map(AttachFastPathTest::fields), line);
    }

    @Test
    void takesAValueWithSpacesAndNonAsciiAsOneArgument() {
        String[] args = {"328", "48", "--dump-dir", "C:\\wer cli\\Дампы"};
        AttachCommand c = new AttachCommand();
        new CommandLine(c).parseArgs(args);
        assertEquals(fields(c), fields(AttachFastPath.parse(args).orElseThrow()));
    }

    @Test
    void everyOptionItTakesIsAttachsOwnWithTheSameArity() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new AttachCommand()).getCommandSpec();
        for (String name : AttachFastPath.VALUE_OPTIONS) {
            CommandLine.Model.OptionSpec o = spec.findOption(name);
            assertTrue(o != null && o.arity().min() == 1 && o.arity().max() == 1 && !o.hidden(), name);
        }
        for (String name : AttachFastPath.FLAG_OPTIONS) {
            CommandLine.Model.OptionSpec o = spec.findOption(name);
            assertTrue(o != null && o.arity().max() == 0, name);
        }
    }

    @Test
    void everyOptionOfAttachIsTakenByTheFastPathOrLeftToPicocliOnPurpose() {
        Set<String> classified = new HashSet<>(AttachFastPath.VALUE_OPTIONS);
        classified.addAll(AttachFastPath.FLAG_OPTIONS);
        classified.addAll(AttachFastPath.PICOCLI_ONLY);
        for (CommandLine.Model.OptionSpec o : new CommandLine(new AttachCommand()).getCommandSpec().options()) {
            assertTrue(classified.contains(o.longestName()),
                    o.longestName() + ": a new attach option needs its side in AttachFastPath");
        }
    }
}
