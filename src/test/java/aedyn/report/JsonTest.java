package aedyn.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run.json, state.json and notebooks keep their layout: what readers and the committed notebooks depend on. */
class JsonTest {

    @Test
    void theCommittedNotebooksReadAndWriteBackByteForByte() throws IOException {
        for (String name : List.of("figure2", "figure3")) {
            String text = Files.readString(Path.of("notebooks-export", name + ".ipynb"), StandardCharsets.UTF_8);
            assertEquals(text, Json.write(Json.parseObject(text)), name);
        }
    }

    @Test
    void valuesKeepTheirTypesAndLayout() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "finished");
        m.put("iterations", 50);
        m.put("seed", -6912732685723443957L);
        m.put("learning_rate", 4.0);
        m.put("wall_seconds", 3.25);
        m.put("grid", Map.of());
        m.put("rows", List.of());
        m.put("reason", null);
        m.put("text", "a \"quoted\"\nline\t∈");
        m.put("list", List.of(1.5e-7, true));
        String written = Json.write(m);
        assertEquals("""
                {
                 "status": "finished",
                 "iterations": 50,
                 "seed": -6912732685723443957,
                 "learning_rate": 4,
                 "wall_seconds": 3.25,
                 "grid": {},
                 "rows": [],
                 "reason": null,
                 "text": "a \\"quoted\\"\\nline\\t∈",
                 "list": [
                  1.5E-7,
                  true
                 ]
                }
                """, written);
        Map<String, Object> back = Json.parseObject(written);
        assertEquals(50L, back.get("iterations"));
        assertEquals(4L, back.get("learning_rate"));
        assertEquals(3.25, back.get("wall_seconds"));
        assertEquals(List.of("status", "iterations", "seed", "learning_rate", "wall_seconds", "grid", "rows", "reason",
                "text", "list"), List.copyOf(back.keySet()));
        assertEquals(m.get("text"), back.get("text"));
        assertTrue(Double.isNaN((Double) Json.parseObject("{\"x\": NaN}").get("x")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("x", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"x\": 1} trailing"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
        assertEquals("\"it's \\\"so\\\"\"", Json.quote("it's \"so\""));
    }
}
