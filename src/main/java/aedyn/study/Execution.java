package aedyn.study;

import aedyn.choice.Choice;
import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;

import java.util.List;

/**
 * study.execution: how a study's cohorts use the cluster. DATA_PARALLEL spreads one cohort's samples over the
 * executors, one Spark job per iteration (right when N n is large); RUN_PARALLEL trains each cohort whole inside
 * one task (right for many small runs); AUTO chooses per cohort by {@link RunParallel#fits}.
 */
public enum Execution implements Choice {
    AUTO, DATA_PARALLEL, RUN_PARALLEL;

    static final String KEY = "study.execution";

    /** The study's choice; a word outside the three is the user's mistake, named with the key. */
    public static Execution of(Config config, String source) {
        String word = config.getValue(KEY).unwrapped().toString();
        try {
            return Choice.named(Execution.class, word);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, List.of(new ConfigProblem(KEY, word,
                    "one of " + String.join(", ", Choice.names(Execution.class)))));
        }
    }
}
