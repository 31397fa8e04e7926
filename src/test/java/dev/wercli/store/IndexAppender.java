package dev.wercli.store;

import java.nio.file.Path;

/** Run in separate JVMs by CaptureIndexTest: appends COUNT entries named PREFIX-n to the index in DIR. */
public final class IndexAppender {
    public static void main(String[] args) throws Exception {
        CaptureIndex index = new CaptureIndex(Path.of(args[0]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            index.append(CaptureIndexTest.entry(args[1] + "-" + i));
        }
    }
}
