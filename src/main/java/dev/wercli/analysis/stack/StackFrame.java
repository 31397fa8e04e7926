package dev.wercli.analysis.stack;

import java.util.Optional;

/**
 * One frame of a stack trace.
 *
 * @param instructionPointer the frame's IP: the fault address for frame 0, a return address above it
 * @param stackPointer       RSP (x86: ESP) in this frame
 * @param module             the module file name (e.g. "faultdll.dll"), empty when the IP is in no module
 * @param moduleOffset       IP minus the module base
 * @param symbol             the nearest preceding export in the same function, if any
 * @param symbolOffset       IP minus the symbol's address
 */
public record StackFrame(int index, long instructionPointer, long stackPointer, FrameTrust trust,
                         Optional<String> module, Optional<Long> moduleOffset, Optional<String> symbol,
                         Optional<Long> symbolOffset) {

    /** {@code module!symbol+0xoff}, {@code module+0xoff}, or the bare address when no module holds it. */
    public String location() {
        if (module.isEmpty()) {
            return "0x" + Long.toHexString(instructionPointer);
        }
        if (symbol.isPresent()) {
            return module.get() + "!" + symbol.get() + "+0x" + Long.toHexString(symbolOffset.orElse(0L));
        }
        return module.get() + "+0x" + Long.toHexString(moduleOffset.orElse(0L));
    }
}
