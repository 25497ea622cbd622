package aedyn.report;

import aedyn.config.Paper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

/**
 * What a study says of itself in its study.conf: its name (study.name), the report's and the
 * notebook's title, and the paper it reproduces (study.paper), the only paper its captions cite.
 * A study written before study.paper existed, or without study.conf, reproduces none; without a
 * name it is called after its directory.
 */
public record StudyTitle(String name, Paper paper) {

  public static StudyTitle of(StudyResults r) {
    String name = directoryName(r.studyDir());
    Paper paper = Paper.NONE;
    try {
      Config c = ConfigFactory.parseString(r.config());
      if (c.hasPath("study.name")) name = c.getString("study.name");
      if (c.hasPath("study.paper")) paper = Paper.named(c.getString("study.paper"));
    } catch (ConfigException | IllegalArgumentException e) {
      // an unreadable study.conf is shown as it is in the report; the title falls back to the folder
    }
    return new StudyTitle(name, paper);
  }

  /** The study's study.analysis ("none" when it has none or its study.conf cannot be read). */
  static String analysis(StudyResults r) {
    try {
      Config c = ConfigFactory.parseString(r.config());
      if (c.hasPath("study.analysis")) return c.getString("study.analysis");
    } catch (ConfigException e) {
      // as for the title: an unreadable study.conf names no analysis
    }
    return "none";
  }

  static String directoryName(String studyDir) {
    String d = studyDir.replaceAll("/+$", "");
    return d.substring(d.lastIndexOf('/') + 1);
  }

  /** Whether the study is one of paper 1's, whose figures the plots redraw. */
  boolean paperOne() {
    return paper == Paper.DYNAMICS_2019;
  }
}
