package aedyn.cli;

import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.study.StudyLease;
import aedyn.study.StudyPlan;
import aedyn.data.SampleSpace;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;

import java.util.List;

/**
 * What a study checks and takes once its plan is made and before Spark starts: its master URL and the job's own Spark
 * property, its directory's lease.
 */
final class Preflight {
    private Preflight() {
    }

    /**
     * Checks spark.master (and that its cluster manager takes connections) and spark.aedyn.localPasses and takes the lease of the study directory (StudyLease); a
     * master Spark would refuse, a value of the property other than true or false, a directory that cannot be created
     * or one held by a running study is a ConfigException of one problem.
     */
    static StudyLease claim(StudyPlan plan, SparkConf conf, String source) {
        String master = conf.get("spark.master");
        if (!MasterUrl.accepts(master)) {
            throw new ConfigException(source, List.of(new ConfigProblem("spark.master", master, "one of " + MasterUrl.ALLOWED)));
        }
        String unanswered = MasterUrl.unanswered(master, hadoopConf(conf));
        if (unanswered != null) throw new ConfigException(source, List.of(new ConfigProblem("spark.master", master, unanswered)));
        try {
            SampleSpace.localPasses(conf);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, List.of(new ConfigProblem(SampleSpace.LOCAL_PASSES, conf.get(SampleSpace.LOCAL_PASSES),
                    "true or false")));
        }
        return StudyLease.acquire(plan.output(), hadoopConf(conf), StudyLease.Timing.of(plan.config(), source), source,
                notice -> System.err.println("aedyn: " + notice));
    }

    /** The Hadoop configuration a SparkContext of {@code spark} has: the defaults and every spark.hadoop.* property. */
    static Configuration hadoopConf(SparkConf spark) {
        Configuration hadoop = new Configuration();
        for (scala.Tuple2<String, String> p : spark.getAllWithPrefix("spark.hadoop.")) hadoop.set(p._1(), p._2());
        return hadoop;
    }
}
