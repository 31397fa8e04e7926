package dev.wercli.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The capture index lists a report's crash bucket: the golden sample report's signature.bucket_id. */
class IndexEntryBucketTest {
    @Test
    void listsTheBucketIdOfAStructuredSignature() throws Exception {
        Path golden = Path.of("src/test/resources/golden/report-sample-crash.json");
        JsonNode report = new ObjectMapper().readTree(golden.toFile());
        IndexEntry e = IndexEntry.fromReport(report, golden, 1, 0);
        assertEquals(report.path("signature").path("bucket_id").asText(), e.signature());
        assertEquals(16, e.signature().length());
    }
}
