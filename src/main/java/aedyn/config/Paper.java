package aedyn.config;

import aedyn.choice.Choice;

import java.util.List;

/**
 * The paper a study reproduces (study.paper), so that its report and notebook cite that paper and no
 * other. Only paper 1 has figures the project redraws; the other two are cited by name.
 */
public enum Paper implements Choice {
  NONE("", ""),
  DYNAMICS_2019("paper 1",
      "Nguyen, Wong, Hegde (2019), *Dynamics of gradient descent for autoencoders*"),
  NTK_JOINT_TRAINING("paper 2",
      "Nguyen, Wong, Hegde (2019), *Benefits of jointly training autoencoders: an improved neural "
          + "tangent kernel analysis*"),
  MEAN_FIELD_TIED("paper 3",
      "Nguyen (2021), *Analysis of feature learning in weight-tied autoencoders via the mean field "
          + "lens*");

  private final String shortName;
  private final String citation;

  Paper(String shortName, String citation) {
    this.shortName = shortName;
    this.citation = citation;
  }

  /** "paper 1", as the README and the captions say; empty for none. */
  public String shortName() {
    return shortName;
  }

  /** Authors, year and title in Markdown; empty for none. */
  public String citation() {
    return citation;
  }

  public static Paper named(String label) {
    return Choice.named(Paper.class, label);
  }

  public static List<String> names() {
    return Choice.names(Paper.class);
  }
}
