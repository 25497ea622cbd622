package aedyn.study;

import aedyn.report.RunStatus;
import aedyn.train.LearningCurveRow;

import java.util.List;

/** How a run ended (finished, diverged with the reason, ...) and its learning curve. */
record RunOutcome(RunSpec spec, RunStatus status, String reason, List<LearningCurveRow> rows, MetricColumns columns,
                  double wallSeconds) {

    boolean failed() {
        return !status.finished();
    }

    LearningCurveRow last() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }
}
