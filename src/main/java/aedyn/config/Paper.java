package aedyn.config;

import java.util.Arrays;
import java.util.List;

/**
 * The paper a study reproduces (study.paper), so that its report and notebook cite that paper and no
 * other. Only paper 1 has figures the project redraws; the other two are cited by name.
 */
public enum Paper {
  NONE("none", "", ""),
  DYNAMICS_2019("dynamics-2019", "paper 1",
      "Nguyen, Wong, Hegde (2019), *Dynamics of gradient descent for autoencoders*"),
  NTK_JOINT_TRAINING("ntk-joint-training", "paper 2",
      "Nguyen, Wong, Hegde (2019), *Benefits of jointly training autoencoders: an improved neural "
          + "tangent kernel analysis*"),
  MEAN_FIELD_TIED("mean-field-tied", "paper 3",
      "Nguyen (2021), *Analysis of feature learning in weight-tied autoencoders via the mean field "
          + "lens*");

  private final String name;
  private final String shortName;
  private final String citation;

  Paper(String name, String shortName, String citation) {
    this.name = name;
    this.shortName = shortName;
    this.citation = citation;
  }

  /** The value of study.paper. */
  public String configName() {
    return name;
  }

  /** "paper 1", as the README and the captions say; empty for none. */
  public String shortName() {
    return shortName;
  }

  /** Authors, year and title in Markdown; empty for none. */
  public String citation() {
    return citation;
  }

  /** Every allowed value of study.paper, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Paper::configName).toList();
  }

  /** The paper named by study.paper; the message lists the allowed values. */
  public static Paper named(String name) {
    for (Paper p : values()) {
      if (p.name.equals(name)) return p;
    }
    throw new IllegalArgumentException("study.paper = \"" + name + "\": one of " + String.join(", ", names()));
  }
}
