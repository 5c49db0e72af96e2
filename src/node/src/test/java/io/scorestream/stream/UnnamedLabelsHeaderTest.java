package io.scorestream.stream;

import io.scorestream.io.RecordSchema;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A model learned from a headerless file with a label column (UCI's .data files, QUALITY.md "A
 * fourth sweep") has labels but no names: the sampler's labels header named none of them (it
 * looped over the names), so a consumer could not read the label column's values.
 */
class UnnamedLabelsHeaderTest {
    @Test
    void unnamedLabelColumnsAreNamedAsTheOtherOutputsNameThem() {
        RecordSchema columns = new RecordSchema(RecordSchema.Format.CSV, List.of(), "", List.of(List.of("A", "B", "T"), List.of()));
        byte[] header = SamplerActor.labelsHeader(columns);
        assertNotNull(header);
        assertEquals("{\"x1\":[\"A\",\"B\",\"T\"]}", new String(header, StandardCharsets.UTF_8));
    }
}
