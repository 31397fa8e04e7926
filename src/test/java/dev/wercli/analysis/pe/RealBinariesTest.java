package dev.wercli.analysis.pe;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The parser on real MinGW-w64 linker output (tests/targets, built by {@code make -C tests/targets}); skipped
 * when the targets are not built. Expectations come from faultdll.c and the Makefile (--build-id).
 */
class RealBinariesTest {
    static final Path DLL = Path.of("tests/targets/build/faultdll.dll");

    @Test
    void faultdllExportsItsFunctionsAndCarriesUnwindDataAndABuildId() throws IOException {
        assumeTrue(Files.isRegularFile(DLL), "tests/targets not built");
        long base = 0x1_C000_0000L;
        PeImage image = PeImage.read(MappedImage.map(Files.readAllBytes(DLL), base), base);
        assertEquals(PeImage.MACHINE_AMD64, image.machine());
        List<String> names = image.exports().exports().stream().map(ExportTable.Export::name).toList();
        assertTrue(names.containsAll(List.of("faultdll_write", "faultdll_deep_a", "faultdll_deep_b", "faultdll_deep_c")),
                names.toString());
        assertEquals(java.util.Optional.of("faultdll.dll"), image.exports().dllName());
        long write = image.exports().byName("faultdll_write").orElseThrow().rva();
        assertTrue(image.runtimeFunctionFor(write).isPresent(), "every MinGW function has .pdata");
        assertTrue(image.isExecutable(write));
        assertEquals(32, image.codeView().orElseThrow().guidHex().length());
    }
}
