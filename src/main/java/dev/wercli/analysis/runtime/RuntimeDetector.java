package dev.wercli.analysis.runtime;

import dev.wercli.analysis.ExceptionNames;
import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.pe.PeImage;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessSnapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects managed runtimes and Wine from a snapshot's modules and memory:
 * <ul>
 *   <li>.NET: coreclr.dll, clr.dll or mscorwks.dll loaded; NativeAOT when the main module exports
 *       {@code DotNetRuntimeDebugHeader} (the data export NativeAOT images carry for debuggers);</li>
 *   <li>JVM: jvm.dll loaded;</li>
 *   <li>Wine: ntdll.dll exports {@code wine_get_version}, or a module path lies in a Wine install
 *       ({@code \wine\x86_64-windows\}, {@code \wine\i386-windows\}) or is a Wine host path (prefix
 *       {@code \\?\} followed by "unix").</li>
 * </ul>
 */
public final class RuntimeDetector {
    private static final Pattern ERROR_FILE = Pattern.compile("-XX:ErrorFile=(\"[^\"]*\"|\\S+)");
    private static final Pattern WINE_VERSION = Pattern.compile("[0-9]+\\.[0-9]+(\\.[0-9]+)?(-rc[0-9]+)?");

    private RuntimeDetector() {
    }

    public static RuntimeFacts detect(ProcessSnapshot snapshot, ModuleImages images) {
        return new RuntimeFacts(dotnet(snapshot, images), managedException(snapshot), jvm(snapshot, images),
                wine(snapshot, images));
    }

    static Optional<RuntimeFacts.DotNet> dotnet(ProcessSnapshot snapshot, ModuleImages images) {
        for (String[] candidate : new String[][]{{"coreclr.dll", "coreclr"}, {"clr.dll", "clr"},
                {"mscorwks.dll", "mscorwks"}}) {
            Optional<ModuleInfo> m = module(snapshot, candidate[0]);
            if (m.isPresent()) {
                return Optional.of(new RuntimeFacts.DotNet(candidate[1], m.get().name(), version(images, m.get())));
            }
        }
        return snapshot.modules().stream().findFirst()
                .filter(exe -> images.image(exe).map(i -> i.exports().byName("DotNetRuntimeDebugHeader").isPresent())
                        .orElse(false))
                .map(exe -> new RuntimeFacts.DotNet("nativeaot", exe.name(), Optional.empty()));
    }

    static Optional<RuntimeFacts.ManagedException> managedException(ProcessSnapshot snapshot) {
        return snapshot.exception()
                .filter(e -> e.code() == ExceptionNames.CLR_EXCEPTION && !e.parameters().isEmpty())
                .map(ExceptionInfo::parameters)
                .map(p -> (int) (long) p.get(0))
                .map(hr -> new RuntimeFacts.ManagedException(hr, DotNetExceptions.typeFor(hr)));
    }

    static Optional<RuntimeFacts.Jvm> jvm(ProcessSnapshot snapshot, ModuleImages images) {
        return module(snapshot, "jvm.dll").map(m -> new RuntimeFacts.Jvm(m.name(), version(images, m),
                hsErrFile(snapshot.process().commandLine(), snapshot.process().pid())));
    }

    static String hsErrFile(Optional<String> commandLine, int pid) {
        Optional<String> configured = commandLine.map(ERROR_FILE::matcher).filter(Matcher::find)
                .map(m -> m.group(1).replace("\"", ""));
        return configured.map(f -> f.replace("%p", Integer.toString(pid)))
                .orElse("hs_err_pid" + pid + ".log");
    }

    static Optional<RuntimeFacts.Wine> wine(ProcessSnapshot snapshot, ModuleImages images) {
        Optional<ModuleInfo> ntdll = module(snapshot, "ntdll.dll");
        Optional<PeImage> image = ntdll.flatMap(images::image);
        Optional<Long> export = image.flatMap(i -> i.exports().byName("wine_get_version"))
                .map(e -> ntdll.get().base() + e.rva());
        if (export.isPresent()) {
            return Optional.of(new RuntimeFacts.Wine(wineVersion(images, export.get()),
                    "ntdll.dll exports wine_get_version"));
        }
        return snapshot.modules().stream().filter(m -> isWinePath(m.path())).findFirst()
                .map(m -> new RuntimeFacts.Wine(Optional.empty(), "module path " + m.path()));
    }

    static boolean isWinePath(String path) {
        String p = path.toLowerCase(Locale.ROOT).replace('/', '\\');
        return p.contains("\\wine\\x86_64-windows\\") || p.contains("\\wine\\i386-windows\\")
                || p.startsWith("\\\\?\\unix\\");
    }

    /**
     * Wine's wine_get_version is {@code lea rax, [rip+disp32]; ret} returning a static string: decode that
     * one instruction (48 8D 05 disp32 C3) and read the string. Anything else: no version, no guessing.
     */
    static Optional<String> wineVersion(ModuleImages images, long function) {
        Optional<byte[]> code = images.memory().read(function, 8);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        byte[] c = code.get();
        if ((c[0] & 0xFF) != 0x48 || (c[1] & 0xFF) != 0x8D || (c[2] & 0xFF) != 0x05 || (c[7] & 0xFF) != 0xC3) {
            return Optional.empty();
        }
        long target = function + 7 + ByteBuffer.wrap(c, 3, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return images.memory().read(target, 16).map(b -> {
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.US_ASCII);
        }).filter(v -> WINE_VERSION.matcher(v).matches());
    }

    private static Optional<ModuleInfo> module(ProcessSnapshot snapshot, String name) {
        return snapshot.modules().stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }

    private static Optional<String> version(ModuleImages images, ModuleInfo m) {
        return images.image(m).flatMap(PeImage::fileVersion).map(FileVersion::toString);
    }
}
