package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.model.PassModel;
import aedyn.model.PassSums;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work of one task of a pass: every member's sums over the blocks of its partition (or over their samples in
 * the member's mini-batch, gathered into panels by {@link BatchPanel}). Blocks are the outer loop, so each block is read from the cache, or drawn when the
 * samples are fresh, once for the whole cohort; members whose kernel can sum them together (paper 1's model at
 * one shape) are handed each panel at once.
 */
final class PartitionSums {
    private PartitionSums() {
    }

    /** Every member's sums over {@code blocks}, the blocks of one partition (the body of every pass's task). */
    static PassSums[] sum(List<Pass.Request> members, Iterator<SampleBlock> blocks) {
        int k = members.size();
        PassSums[] sums = new PassSums[k];
        for (int i = 0; i < k; i++) sums[i] = members.get(i).model().newSums();
        // Members over the whole block: those whose kernel sums them together form one group, the others one each.
        Map<Object, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            Pass.Request r = members.get(i);
            if (r.batch() instanceof MiniBatch) continue;
            Object key = r.model().groupKey();
            byKey.computeIfAbsent(key == null ? Integer.valueOf(-1 - i) : key, x -> new ArrayList<>()).add(i);
        }
        List<PassModel.Together> groups = new ArrayList<>();
        List<PassSums[]> groupSums = new ArrayList<>();
        int stride = 1;
        for (List<Integer> group : byKey.values()) {
            PassModel.Together together = PassModel.together(group.stream().map(i -> members.get(i).model()).toList());
            groups.add(together);
            groupSums.add(group.stream().map(i -> sums[i]).toArray(PassSums[]::new));
            stride = Math.max(stride, together.panel());
        }
        int[] from = new int[groups.size()];
        // Members on a mini-batch gather their selection of the partition's blocks into panels of their own.
        List<BatchPanel> batches = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (members.get(i).batch() instanceof MiniBatch batch) batches.add(new BatchPanel(members.get(i), batch, sums[i]));
        }
        while (blocks.hasNext()) {
            SampleBlock block = blocks.next();
            int count = block.count();
            // The groups take the block a stride of samples at a time, each in whole panels of its own kernel, so
            // that a stride read from memory once serves every group from the CPU's cache; one group alone takes
            // the whole block in one call.
            int step = groups.size() == 1 ? Math.max(1, count) : stride;
            Arrays.fill(from, 0);
            for (int to = step, left = groups.size(); left > 0; to += step) {
                left = 0;
                for (int g = 0; g < groups.size(); g++) {
                    if (from[g] >= count) continue;
                    PassModel.Together group = groups.get(g);
                    int panel = group.panel();
                    int end = (int) Math.min(count, from[g] + (long) panel * Math.max(1, ceilDiv(to - from[g], panel)));
                    group.accumulate(block, from[g], end, groupSums.get(g));
                    from[g] = end;
                    if (end < count) left++;
                }
            }
            for (BatchPanel batch : batches) batch.add(block);
        }
        for (BatchPanel batch : batches) batch.flush();
        for (PassSums s : sums) s.complete();
        return sums;
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
