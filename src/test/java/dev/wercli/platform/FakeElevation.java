package dev.wercli.platform;

/** An {@link Elevation} that answers what the test says. */
public final class FakeElevation implements Elevation {
    private final boolean elevated;

    public FakeElevation(boolean elevated) {
        this.elevated = elevated;
    }

    @Override
    public boolean isElevated() {
        return elevated;
    }
}
