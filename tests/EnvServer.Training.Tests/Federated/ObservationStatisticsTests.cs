using EnvServer.Training.Federated;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Tests.Federated;

public sealed class ObservationStatisticsTests
{
    [Fact]
    public void SinceThenMerge_TwoClientsFromOneGlobal_EqualOneLearnerThatSawEverything()
    {
        var global = new RunningMeanStd(2);
        global.Update(Batch(0, 40, 1f));
        var clientA = ObservationStatistics.Copy(global);
        var clientB = ObservationStatistics.Copy(global);
        clientA.Update(Batch(1, 30, 3f));
        clientB.Update(Batch(2, 50, -2f));
        var everything = ObservationStatistics.Copy(global);
        everything.Update(Batch(1, 30, 3f));
        everything.Update(Batch(2, 50, -2f));

        var merged = ObservationStatistics.Merge(global, [ObservationStatistics.Since(global, clientA), ObservationStatistics.Since(global, clientB)]);

        Assert.Equal(everything.Count, merged.Count, 6);
        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(everything.Mean[k], merged.Mean[k], 6);
            Assert.Equal(everything.Variance[k], merged.Variance[k], 6);
        }
    }

    [Fact]
    public void Since_ABatch_RecoversTheBatchMomentsAndCount()
    {
        var before = new RunningMeanStd(1);
        before.Update(Batch(3, 20, 0f));
        var after = ObservationStatistics.Copy(before);
        after.Update(Matrix.FromRows([2f, 0f], [4f, 0f], [9f, 0f]));

        var since = ObservationStatistics.Since(before, after);

        Assert.Equal(3, since.Count, 9);
        Assert.Equal(5, since.Mean[0], 6);
        Assert.Equal((9 + 1 + 16) / 3.0, since.Variance[0], 6);
    }

    private static Matrix Batch(int seed, int rows, float offset)
    {
        var random = new Random(seed);
        var batch = new Matrix(rows, 2);
        for (var i = 0; i < batch.Data.Length; i++) batch.Data[i] = (float)(random.NextDouble() * 4 - 2 + offset);
        return batch;
    }
}
