package dev.wercli.cli;

/** Entry point of wercli.jar and of the native launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(WercliCommand.run(args, System.out, System.err));
    }
}
