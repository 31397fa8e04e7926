package dev.wercli.capture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReleaseNoticeTest {
    @Test
    void aGoodDumpIsToldOnceAtTheRelease() {
        List<Integer> told = new ArrayList<>();
        ReleaseNotice notice = new ReleaseNotice(told::add);
        notice.accept(CaptureState.Stage.ATTACHED);
        notice.accept(CaptureState.Stage.EXCEPTION);
        notice.accept(CaptureState.Stage.DUMPED);
        assertEquals(List.of(), told, "not before the process is released");
        notice.accept(CaptureState.Stage.RELEASED);
        notice.accept(CaptureState.Stage.RELEASED);
        assertEquals(List.of(0), told);
    }

    @Test
    void aReleaseWithoutADumpIsNotTold() {
        // The capture failed: its own exit code, at its end, is what the waiting launcher must pass on.
        List<Integer> told = new ArrayList<>();
        ReleaseNotice notice = new ReleaseNotice(told::add);
        notice.accept(CaptureState.Stage.ATTACHED);
        notice.accept(CaptureState.Stage.RELEASED);
        assertEquals(List.of(), told);
    }
}
