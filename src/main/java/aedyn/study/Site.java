package aedyn.study;

import aedyn.data.SampleSpace;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where a cohort trains: the space its samples and sums live in, the file system settings its files are written
 * with, and the Spark version and master its run.json names. The driver's site for data-parallel cohorts, or a
 * task's for the cohorts a run-parallel study trains inside its tasks.
 *
 * @param execution data-parallel, or run-parallel inside a task (never auto: that is decided per cohort)
 */
record Site(SampleSpace space, Configuration hadoop, String sparkVersion, String master, Execution execution) {

    /** The driver's site: its samples as {@link SampleSpace#of} chooses. */
    static Site driver(JavaSparkContext sc) {
        return new Site(SampleSpace.of(sc), sc.hadoopConfiguration(), sc.version(), sc.master(), Execution.DATA_PARALLEL);
    }

    /** Whether the cohort trains inside a task of a run-parallel study. */
    boolean inTask() {
        return execution == Execution.RUN_PARALLEL;
    }
}
