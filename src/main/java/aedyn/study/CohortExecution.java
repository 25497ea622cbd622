package aedyn.study;

import aedyn.config.DataSettings;
import aedyn.data.Samples;
import aedyn.data.GroundTruth;
import aedyn.data.NonFiniteSampleException;
import aedyn.data.SampleSource;
import aedyn.train.Trainer;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trains one cohort over one set of samples and writes each member's directory as it leaves. The ground truth, the
 * samples and the energy blocks depend on the data alone, so the first member's settings give them for all.
 */
final class CohortExecution implements Cohorts.Execution {
    private static final Logger LOG = LoggerFactory.getLogger(CohortExecution.class);

    private final StudyPlan plan;
    private final Site site;
    private final CohortSources sources;
    private final RunOutputs outputs;

    CohortExecution(StudyPlan plan, Site site) {
        this.plan = plan;
        this.site = site;
        this.sources = new CohortSources(site.space(), site.hadoop());
        this.outputs = new RunOutputs(plan, site);
    }

    @Override
    public List<RunOutcome> run(List<ResumePlan.Pending> cohort, boolean concurrent) throws IOException {
        long start = System.nanoTime();
        RunSpec first = cohort.get(0).run();
        DataSettings d = first.settings().data();
        Optional<GroundTruth> truth = sources.groundTruth(first);
        SampleSource source = sources.source(first, truth);
        int partitions = sources.partitions(d);
        CohortMember.Context context = new CohortMember.Context(plan, site, sources, outputs, start,
                concurrent || cohort.size() > 1);
        List<CohortMember> members = cohort.stream().map(p -> new CohortMember(p, truth.isPresent(), context)).toList();
        LOG.info("{}: n = {}, N = {}, {} blocks of at most {} samples in {} partitions, {}, passes on {}",
                cohort.size() == 1 ? "run " + first.name()
                        : "cohort of " + cohort.size() + " runs (" + String.join(", ", cohort.stream().map(p -> p.run().name()).toList()) + ")",
                d.n(), source.size(), source.blockCount(), source.blockSize(), partitions, site.execution().label(), site.space().passes());
        try (Samples samples = site.space().samples(source, partitions)) {
            CohortData data = new CohortData(truth, source, partitions, CohortSources.energyBlocks(first, source, samples));
            List<Trainer.Member> trainees = new ArrayList<>();
            for (CohortMember member : members) trainees.add(member.start(samples, data));
            Trainer.train(samples, trainees);
        } catch (Exception e) {
            // Non-finite samples are found as the executors read them: bad input, which ends the study (exit 2).
            NonFiniteSampleException bad = NonFiniteSampleException.in(e);
            CohortData data = new CohortData(truth, source, partitions, Optional.empty());
            if (bad == null) {
                // a failed write stopped the study: say so in each unfinished run.json (a fatal error is marked "failed"
                // by the handler that ends the JVM, and anything else is the program's error)
                if (ExceptionUtils.indexOfType(e, IOException.class) >= 0) {
                    for (CohortMember member : members) {
                        if (member.outcome().isEmpty()) outputs.writeStopped(member.run(), data, member.wall(), e);
                    }
                }
                throw e;
            }
            for (CohortMember member : members) {
                if (member.outcome().isEmpty()) outputs.writeBadInput(member.run(), member.columns(), data, member.wall(), bad);
            }
            throw bad;
        }
        return members.stream().map(member -> member.outcome().orElseThrow()).toList();
    }
}
