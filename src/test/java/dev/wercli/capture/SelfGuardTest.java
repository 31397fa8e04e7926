package dev.wercli.capture;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfGuardTest {
    private static final List<String> OURS = List.of("C:\\wercli\\lib\\wercli.jar");

    private static boolean guarded(String image, String commandLine) {
        return SelfGuard.isWercli(Optional.of(image), Optional.of(commandLine), OURS);
    }

    @Test
    void ourLauncherAndOurDumpHelperAreRefusedWhateverTheirFolder() {
        assertTrue(guarded("C:\\Program Files\\wercli\\wercli.exe", "wercli.exe attach 1 2 3"));
        // The 32-bit helper runs while a WOW64 crash is held; a crash of it starts the 32-bit view's debugger.
        assertTrue(guarded("C:\\wercli\\lib\\WERCLI-DUMP32.EXE", "wercli-dump32.exe 1 2 1964 x.dmp"));
    }

    @Test
    void javaRunningOurJarIsRefusedButOtherJavaProgramsAreNot() {
        assertTrue(guarded("C:\\jre\\bin\\java.exe", "java -jar C:\\wercli\\lib\\wercli.jar attach 1 2"));
        assertFalse(guarded("C:\\jre\\bin\\java.exe", "java -jar C:\\apps\\other.jar"));
        assertFalse(guarded("C:\\apps\\notwercli.exe", "notwercli.exe"));
    }
}
