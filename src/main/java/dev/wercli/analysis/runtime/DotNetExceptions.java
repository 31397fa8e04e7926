package dev.wercli.analysis.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * The .NET exception type behind an HRESULT, for managed crashes (exception code 0xE0434352, HRESULT in
 * ExceptionInformation[0]). Values are the HResult each type sets in its constructor (CoreCLR
 * System.HResults / corerror.h). Several types share an HRESULT; the name then lists them.
 */
public final class DotNetExceptions {
    private static final Map<Integer, String> TYPES = Map.ofEntries(
            Map.entry(0x80131500, "System.Exception"),
            Map.entry(0x80131501, "System.SystemException"),
            Map.entry(0x80004003, "System.NullReferenceException (or System.ArgumentNullException)"),
            Map.entry(0x80131509, "System.InvalidOperationException"),
            Map.entry(0x80070057, "System.ArgumentException"),
            Map.entry(0x80131502, "System.ArgumentOutOfRangeException"),
            Map.entry(0x80131508, "System.IndexOutOfRangeException"),
            Map.entry(0x80004002, "System.InvalidCastException"),
            Map.entry(0x80131515, "System.NotSupportedException"),
            Map.entry(0x80004001, "System.NotImplementedException"),
            Map.entry(0x80020012, "System.DivideByZeroException"),
            Map.entry(0x80131516, "System.OverflowException"),
            Map.entry(0x80070216, "System.ArithmeticException"),
            Map.entry(0x80131537, "System.FormatException"),
            Map.entry(0x8007000E, "System.OutOfMemoryException"),
            Map.entry(0x800703E9, "System.StackOverflowException"),
            Map.entry(0x80131577, "System.Collections.Generic.KeyNotFoundException"),
            Map.entry(0x80131622, "System.ObjectDisposedException"),
            Map.entry(0x8013153B, "System.OperationCanceledException"),
            Map.entry(0x80131620, "System.IO.IOException"),
            Map.entry(0x80070002, "System.IO.FileNotFoundException"),
            Map.entry(0x80070003, "System.IO.DirectoryNotFoundException"),
            Map.entry(0x80070005, "System.UnauthorizedAccessException"),
            Map.entry(0x80131522, "System.TypeLoadException"),
            Map.entry(0x80131524, "System.DllNotFoundException"),
            Map.entry(0x80131523, "System.EntryPointNotFoundException"),
            Map.entry(0x80131604, "System.Reflection.TargetInvocationException"),
            Map.entry(0x80131530, "System.Threading.ThreadAbortException"),
            Map.entry(0x8013150C, "System.Runtime.Serialization.SerializationException"));

    private DotNetExceptions() {
    }

    public static Optional<String> typeFor(int hresult) {
        return Optional.ofNullable(TYPES.get(hresult));
    }
}
