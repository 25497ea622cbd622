package aedyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaperTest {
  @Test
  void namesParseAndListThemselves() {
    assertEquals(List.of("none", "dynamics-2019", "ntk-joint-training", "mean-field-tied"), Paper.names());
    for (Paper p : Paper.values()) assertEquals(p, Paper.named(p.label()));
    assertEquals("paper 2", Paper.named("ntk-joint-training").shortName());
  }

  @Test
  void anUnknownNameIsRefusedWithTheAllowedValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Paper.named("paper1"));
    assertEquals("\"paper1\" is not one of none, dynamics-2019, ntk-joint-training, mean-field-tied",
        e.getMessage());
  }
}
