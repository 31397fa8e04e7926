package dev.wercli.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capture pipeline lands. */
@Command(name = "attach", description = "Capture a crashed process (the command AeDebug runs).")
public final class AttachCommand implements Runnable {
    @Override
    public void run() {
        throw new WercliException(ExitCode.NOT_WINDOWS, "attach is not implemented yet");
    }
}
