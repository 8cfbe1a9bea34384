using EnvServer.Training.Algorithms;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class PrioritizedReplayTests
{
    [Fact]
    public void SumTreeFind_UniformPrefixSums_DrawsEachLeafInProportionToItsPriority()
    {
        double[] priorities = [1, 0, 3, 6, 0.5, 9.5];
        var tree = new SumTree(priorities.Length);
        for (var i = 0; i < priorities.Length; i++) tree.Set(i, priorities[i]);
        var random = new Random(1);
        var counts = new int[priorities.Length];
        const int draws = 200_000;

        for (var k = 0; k < draws; k++) counts[tree.Find(random.NextDouble() * tree.Total)]++;

        Assert.Equal(20, tree.Total, 12);
        Assert.Equal(0, tree.Minimum);
        for (var i = 0; i < priorities.Length; i++)
        {
            var p = priorities[i] / 20;
            var sigma = Math.Sqrt(draws * p * (1 - p));
            Assert.InRange(counts[i], draws * p - 5 * sigma, draws * p + 5 * sigma);
        }

        Assert.Equal(0, counts[1]);
    }

    [Fact]
    public void SumTreeSet_ChangedPriority_UpdatesTotalAndMinimum()
    {
        var tree = new SumTree(5);
        for (var i = 0; i < 5; i++) tree.Set(i, i + 1);

        tree.Set(0, 10);

        Assert.Equal(10 + 2 + 3 + 4 + 5, tree.Total);
        Assert.Equal(2, tree.Minimum);
        Assert.Equal(4, tree.Find(tree.Total - 1e-9));
        Assert.Equal(0, tree.Find(0));
    }

    [Fact]
    public void Sample_ImportanceWeights_AreNPToTheMinusBetaOverTheirMaximum()
    {
        const float alpha = 0.6f, beta = 0.4f;
        var buffer = new PrioritizedReplayBuffer(capacity: 4, observationSize: 1, alpha);
        for (var i = 0; i < 4; i++) buffer.Add(new Transition([i], i, 0f, [i], false, 0.99f));
        float[] errors = [0.5f, 2f, 0.1f, 4f];
        buffer.UpdatePriorities([0, 1, 2, 3], errors, epsilon: 0f);
        var batch = new ReplayBatch(64, 1);

        buffer.Sample(batch, beta, new Random(3));

        var powered = errors.Select(e => Math.Pow(e, alpha)).ToArray();
        var probabilities = powered.Select(p => p / powered.Sum()).ToArray();
        var maxWeight = Math.Pow(4 * probabilities.Min(), -beta);
        for (var j = 0; j < batch.Size; j++)
        {
            var i = batch.Indices[j];
            Assert.Equal(i, batch.Actions[j]);
            Assert.Equal(probabilities[i], buffer.Probability(i), 12);
            Assert.Equal(Math.Pow(4 * probabilities[i], -beta) / maxWeight, batch.Weights[j], 5);
        }

        // The rarest transition (|δ| = 0.1) has the largest weight, exactly 1.
        Assert.Contains(batch.Indices, i => i == 2);
        Assert.Equal(1f, batch.Weights[Array.IndexOf(batch.Indices, 2)], 6);
    }

    [Fact]
    public void Add_NewTransition_GetsTheLargestPrioritySeenAndOverwritesTheOldest()
    {
        var buffer = new PrioritizedReplayBuffer(capacity: 2, observationSize: 1, alpha: 1f);
        buffer.Add(new Transition([0f], 0, 0f, [0f], false, 1f));
        buffer.UpdatePriorities([0], [5f], 0f);
        buffer.Add(new Transition([1f], 1, 0f, [1f], false, 1f));
        Assert.Equal(0.5, buffer.Probability(1), 12);

        buffer.Add(new Transition([2f], 2, 0f, [2f], false, 1f));
        var batch = new ReplayBatch(32, 1);
        buffer.Sample(batch, 1f, new Random(1));

        Assert.Equal(2, buffer.Count);
        Assert.DoesNotContain(0, batch.Actions);
        Assert.Contains(2, batch.Actions);
    }

    [Fact]
    public void Sample_AlphaZero_IsUniformWithUnitWeights()
    {
        var buffer = new PrioritizedReplayBuffer(capacity: 3, observationSize: 1, alpha: 0f);
        for (var i = 0; i < 3; i++) buffer.Add(new Transition([i], i, 0f, [i], false, 1f));
        buffer.UpdatePriorities([0, 1, 2], [0.01f, 1f, 100f], 0f);
        var batch = new ReplayBatch(30, 1);

        buffer.Sample(batch, 0.4f, new Random(2));

        Assert.All(batch.Weights, w => Assert.Equal(1f, w));
        Assert.Equal(10, batch.Actions.Count(a => a == 0));
    }
}
