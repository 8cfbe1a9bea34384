using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

public class HivBaselinePoliciesTests
{
    [Fact]
    public void Policies_FromObservation_ChooseTheirActions()
    {
        var high = JsonText.ParseText("{\"viral_load\":1000.5}");
        var low = JsonText.ParseText("{\"viral_load\":1000.0}");

        Assert.Equal((0, 0), (HivBaselinePolicies.NeverTreat(high), HivBaselinePolicies.NeverTreat(low)));
        Assert.Equal((3, 3), (HivBaselinePolicies.AlwaysBoth(high), HivBaselinePolicies.AlwaysBoth(low)));
        Assert.Equal((3, 0), (HivBaselinePolicies.ClinicalRule(high), HivBaselinePolicies.ClinicalRule(low)));
        Assert.Equal(["never_treat", "always_both", "clinical_rule"], HivBaselinePolicies.ByName.Keys);
    }

    [Fact]
    public void DefaultPatient_TreatingPolicies_BeatNeverTreating()
    {
        var never = Play(Options(DefaultPatient), HivBaselinePolicies.NeverTreat);
        var both = Play(Options(DefaultPatient), HivBaselinePolicies.AlwaysBoth);
        var rule = Play(Options(DefaultPatient), HivBaselinePolicies.ClinicalRule);

        Assert.True(both > never, $"always both {both:R} vs never {never:R}");
        Assert.True(rule > never, $"clinical rule {rule:R} vs never {never:R}");
        Assert.True(HivGrader.Score(rule) > HivGrader.Score(never));
    }

    [Fact]
    public void ClinicalRule_ClinicalMonitoring_PlaysOnNoisyReadouts()
    {
        using var environment = new HivEnvironment();
        var (total, replies) = Play(environment, Options(ClinicalMonitoring, 4), HivBaselinePolicies.ClinicalRule);

        Assert.Equal(201, replies.Count);
        Assert.True(double.IsFinite(total));
        Assert.InRange(environment.GraderScore!.Value, Grader.Min, Grader.Max);
    }
}
