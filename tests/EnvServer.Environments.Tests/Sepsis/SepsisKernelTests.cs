using EnvServer.Environments.Core;
using EnvServer.Environments.Sepsis;

namespace EnvServer.Environments.Tests.Sepsis;

/// <summary>The exact kernel: well formed, matching hand-computed entries of the rules, and matching the sampler's frequencies.</summary>
public class SepsisKernelTests
{
    public static TheoryData<SepsisDynamics, SepsisAgeGroup> Models => new()
    {
        { SepsisDynamics.Fixed, SepsisAgeGroup.Adult },
        { SepsisDynamics.Original, SepsisAgeGroup.Adult },
        { SepsisDynamics.Fixed, SepsisAgeGroup.Older },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryRow_SumsToOne_WithPositiveEntriesInIncreasingOrder(SepsisDynamics dynamics, SepsisAgeGroup ageGroup)
    {
        var kernel = SepsisKernel.Build(new SepsisModel(dynamics, ageGroup));

        for (var s = 0; s < SepsisState.Count; s++)
        {
            for (var a = 0; a < SepsisAction.Count; a++)
            {
                var (next, probability) = kernel.Row(s, a);
                Assert.Equal(1.0, Sum(probability.Span), 1e-12);
                Assert.All(probability.ToArray(), p => Assert.True(p > 0));
                Assert.True(next.Span.SequenceEqual(next.ToArray().Order().Distinct().ToArray()));
                foreach (var j in next.Span)
                {
                    if (SepsisKernel.IsTerminal(j)) continue;
                    // A successor carries the action's treatment flags and the same (fixed) diabetic flag.
                    var successor = SepsisState.FromIndex(j);
                    Assert.Equal((a & 4) != 0, successor.Antibiotics);
                    Assert.Equal((a & 2) != 0, successor.Ventilation);
                    Assert.Equal((a & 1) != 0, successor.Vasopressors);
                    Assert.Equal(SepsisState.FromIndex(s).Diabetic, successor.Diabetic);
                }
            }
        }
    }

    [Fact]
    public void StateIndex_RoundTrips_AndFollowsThePublishedDigitOrder()
    {
        for (var s = 0; s < SepsisState.Count; s++) Assert.Equal(s, SepsisState.FromIndex(s).Index);

        // 720·diabetic + 240·HR + 80·SBP + 40·O2 + 8·glucose + 4·antibiotics + 2·vasopressors + ventilation
        Assert.Equal(720 + 2 * 240 + 0 * 80 + 1 * 40 + 3 * 8 + 4 + 0 + 1, new SepsisState(true, 2, 0, 1, 3, true, false, true).Index);
    }

    [Fact]
    public void AntibioticsOnly_FromHighHeartRate_MatchesTheRulesByHand()
    {
        // Non-diabetic, HR high, SBP normal, O2 normal, glucose normal, nothing in effect; give antibiotics (action 4).
        // HR: high → normal w.p. 0.5, no fluctuation. SBP: no fluctuation (antibiotics given). O2 fluctuates down w.p. 0.1
        // (up is clamped), glucose fluctuates ±1 w.p. 0.1 each.
        var kernel = SepsisKernel.Build(SepsisModel.Default);
        var start = new SepsisState(false, 2, 1, 1, 2, false, false, false);
        var row = Dictionary(kernel, start, 4);

        var abx = new SepsisState(false, 1, 1, 1, 2, true, false, false);
        Assert.Equal(0.5 * 0.9 * 0.8, row[abx.Index], 1e-12);                                  // HR fixed, O2 and glucose stay
        Assert.Equal(0.5 * 0.1 * 0.8, row[(abx with { PercentO2 = 0 }).Index], 1e-12);          // HR fixed, O2 drops
        Assert.Equal(0.5 * 0.9 * 0.1, row[(abx with { Glucose = 3 }).Index], 1e-12);            // HR fixed, glucose up
        Assert.Equal(0.5 * 0.9 * 0.1, row[(abx with { Glucose = 1 }).Index], 1e-12);
        Assert.Equal(0.5 * 0.9 * 0.8, row[(abx with { HeartRate = 2 }).Index], 1e-12);          // HR stays high
        // HR high + O2 low + glucose off: three abnormal → death; HR high + one more abnormal stays alive.
        Assert.Equal(0.5 * 0.1 * 0.2, row[SepsisKernel.Death], 1e-12);
        Assert.False(row.ContainsKey(SepsisKernel.Discharge)); // antibiotics are in effect, so no discharge
    }

    [Fact]
    public void NoTreatment_FromAllButOneNormal_CanDischarge()
    {
        // Non-diabetic, only glucose high, nothing in effect, action 0: everything fluctuates; discharge needs all four
        // normal: HR, SBP stay (0.8 each), O2 stays or "rises" (clamped: 0.9), glucose falls (0.1).
        var kernel = SepsisKernel.Build(SepsisModel.Default);
        var row = Dictionary(kernel, new SepsisState(false, 1, 1, 1, 3, false, false, false), 0);

        Assert.Equal(0.8 * 0.8 * 0.9 * 0.1, row[SepsisKernel.Discharge], 1e-12);
    }

    [Fact]
    public void DiabeticVasopressors_FromLowBloodPressure_RaiseItAndGlucose()
    {
        // Diabetic, SBP low, others normal, glucose normal, nothing in effect; vasopressors only (action 1).
        // SBP: → normal 0.5, → high 0.4, stays 0.1; no SBP or glucose fluctuation; glucose +1 w.p. 0.5; HR and O2 fluctuate.
        var kernel = SepsisKernel.Build(SepsisModel.Default);
        var row = Dictionary(kernel, new SepsisState(true, 1, 0, 1, 2, false, false, false), 1);

        var vaso = new SepsisState(true, 1, 1, 1, 2, false, true, false);
        Assert.Equal(0.5 * 0.5 * 0.8 * 0.9, row[vaso.Index], 1e-12);
        Assert.Equal(0.4 * 0.5 * 0.8 * 0.9, row[(vaso with { SystolicBp = 2 }).Index], 1e-12);
        Assert.Equal(0.5 * 0.5 * 0.8 * 0.9, row[(vaso with { Glucose = 3 }).Index], 1e-12);
    }

    [Fact]
    public void Withdrawal_OfEveryTreatment_MatchesTheRulesByHand()
    {
        // Non-diabetic, all vitals normal, all three treatments in effect; stop everything (action 0). Nothing fluctuates
        // but glucose. HR normal → high 0.1 and SBP normal → high 0.1 (antibiotics withdrawn), O2 → low 0.1, then SBP
        // down one 0.1 (vasopressors withdrawn), glucose ±1 w.p. 0.1 each.
        var kernel = SepsisKernel.Build(SepsisModel.Default);
        var row = Dictionary(kernel, new SepsisState(false, 1, 1, 1, 2, true, true, true), 0);

        // All normal again and nothing in effect: discharge. SBP stays normal either by not rising and not falling
        // (0.9 · 0.9) or by rising to high then falling back (0.1 · 0.1).
        Assert.Equal(0.9 * 0.9 * (0.9 * 0.9 + 0.1 * 0.1) * 0.8, row[SepsisKernel.Discharge], 1e-12);
    }

    [Fact]
    public void NonDiabeticGlucose_RisesToHighInFixed_ButGoesToLowInOriginal()
    {
        var start = new SepsisState(false, 1, 1, 1, 2, false, false, true); // only ventilation in effect; keep it on (action 2)
        var fixedRow = Dictionary(SepsisKernel.Build(SepsisModel.Default), start, 2);
        var originalRow = Dictionary(SepsisKernel.Build(new SepsisModel(SepsisDynamics.Original, SepsisAgeGroup.Adult)), start, 2);

        var high = start with { Glucose = 3 };
        var low = start with { Glucose = 1 };
        // HR and SBP stay normal w.p. 0.8 each; O2 does not fluctuate (ventilated).
        Assert.Equal(0.8 * 0.8 * 0.1, fixedRow[high.Index], 1e-12);
        Assert.Equal(0.8 * 0.8 * 0.1, fixedRow[low.Index], 1e-12);
        Assert.False(originalRow.ContainsKey(high.Index));
        Assert.Equal(0.8 * 0.8 * 0.2, originalRow[low.Index], 1e-12); // down and the capped "up" both land on low
    }

    [Fact]
    public void OlderAgeGroup_ScalesTreatmentResponses()
    {
        var start = new SepsisState(false, 1, 1, 0, 2, false, false, false);
        var adult = Dictionary(SepsisKernel.Build(SepsisModel.Default), start, 2);
        var older = Dictionary(SepsisKernel.Build(new SepsisModel(SepsisDynamics.Fixed, SepsisAgeGroup.Older)), start, 2);

        // O2 low → normal w.p. 0.7 (adult) or 0.56 (older); HR and SBP stay (0.8 each), glucose stays (0.8).
        var fixedO2 = start with { PercentO2 = 1, Ventilation = true };
        Assert.Equal(0.7 * 0.8 * 0.8 * 0.8, adult[fixedO2.Index], 1e-12);
        Assert.Equal(0.56 * 0.8 * 0.8 * 0.8, older[fixedO2.Index], 1e-12);
    }

    [Fact]
    public void InitialDistribution_IsTheProductOfTheTables_WithoutAbsorbingStates()
    {
        var initial = SepsisKernel.InitialDistribution();

        Assert.Equal(1.0, initial.Sum(), 1e-12);
        var normaliser = 0.0;
        for (var s = 0; s < SepsisState.Count; s++)
        {
            var state = SepsisState.FromIndex(s);
            if (state.OnTreatment || SepsisOutcomes.Of(state) != SepsisOutcome.Continue) Assert.Equal(0.0, initial[s]);
            else normaliser += RawInitial(state);
        }

        var example = new SepsisState(true, 2, 1, 0, 4, false, false, false); // three abnormal: HR, O2, glucose → death, excluded
        Assert.Equal(0.0, initial[example.Index]);
        var alive = new SepsisState(true, 2, 1, 1, 4, false, false, false);
        Assert.Equal(0.2 * 0.25 * 0.5 * 0.8 * 0.19 / normaliser, initial[alive.Index], 1e-12);
    }

    [Fact]
    public void Admission_FrequenciesMatchTheInitialDistribution()
    {
        const int samples = 400_000;
        var random = new SeededRandom(77);
        var counts = new int[SepsisState.Count];
        for (var i = 0; i < samples; i++) counts[SepsisSampler.Admit(random).Index]++;

        SamplerAgreement.AssertMatches(SepsisKernel.InitialDistribution(), counts, samples, "admission");
    }

    [Theory]
    [InlineData(SepsisDynamics.Fixed, SepsisAgeGroup.Adult)]
    [InlineData(SepsisDynamics.Original, SepsisAgeGroup.Adult)]
    public void Sampler_EveryStateAndAction_FrequenciesWithinBoundsOfTheKernel(SepsisDynamics dynamics, SepsisAgeGroup ageGroup)
    {
        // 1,000 draws for each of the 11,520 (state, action) pairs: every sampled successor must have positive kernel
        // probability, and every count must lie within 6 standard deviations (+3) of its expectation.
        const int samples = 1_000;
        var model = new SepsisModel(dynamics, ageGroup);
        var kernel = SepsisKernel.Build(model);
        var rules = SepsisRules.For(model);
        var random = new SeededRandom(2024);
        var counts = new int[SepsisState.Count + 2];
        for (var s = 0; s < SepsisState.Count; s++)
        {
            var state = SepsisState.FromIndex(s);
            for (var a = 0; a < SepsisAction.Count; a++)
            {
                Array.Clear(counts);
                for (var i = 0; i < samples; i++) counts[SepsisKernel.SuccessorOf(SepsisSampler.Next(rules, state, new SepsisAction(a), random))]++;
                var expected = new double[SepsisState.Count + 2];
                var (next, probability) = kernel.Row(s, a);
                for (var k = 0; k < next.Length; k++) expected[next.Span[k]] = probability.Span[k];
                SamplerAgreement.AssertWithinBounds(expected, counts, samples, $"state {s}, action {a}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Sampler_ChiSquare_AgreesWithTheKernel(SepsisDynamics dynamics, SepsisAgeGroup ageGroup)
    {
        // 50,000 draws for 48 (state, action) pairs spread over diabetic/non-diabetic, every action and every
        // treatment history; a chi-square test at significance 1e-6 per pair.
        const int samples = 50_000;
        var model = new SepsisModel(dynamics, ageGroup);
        var kernel = SepsisKernel.Build(model);
        var rules = SepsisRules.For(model);
        var random = new SeededRandom(99);
        var counts = new int[SepsisState.Count + 2];
        for (var pair = 0; pair < 48; pair++)
        {
            var s = (pair * 367 + 11) % SepsisState.Count;
            var a = pair % SepsisAction.Count;
            var state = SepsisState.FromIndex(s);
            Array.Clear(counts);
            for (var i = 0; i < samples; i++) counts[SepsisKernel.SuccessorOf(SepsisSampler.Next(rules, state, new SepsisAction(a), random))]++;
            var expected = new double[SepsisState.Count + 2];
            var (next, probability) = kernel.Row(s, a);
            for (var k = 0; k < next.Length; k++) expected[next.Span[k]] = probability.Span[k];
            SamplerAgreement.AssertMatches(expected, counts, samples, $"state {s}, action {a}");
        }
    }

    private static double RawInitial(SepsisState s) =>
        (s.Diabetic ? 0.2 : 0.8) * new[] { 0.25, 0.5, 0.25 }[s.HeartRate] * new[] { 0.25, 0.5, 0.25 }[s.SystolicBp] * new[] { 0.2, 0.8 }[s.PercentO2]
        * (s.Diabetic ? new[] { 0.01, 0.05, 0.15, 0.6, 0.19 } : new[] { 0.05, 0.15, 0.6, 0.15, 0.05 })[s.Glucose];

    private static Dictionary<int, double> Dictionary(SepsisKernel kernel, SepsisState from, int action)
    {
        var (next, probability) = kernel.Row(from.Index, action);
        return Enumerable.Range(0, next.Length).ToDictionary(i => next.Span[i], i => probability.Span[i]);
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var total = 0.0;
        foreach (var v in values) total += v;
        return total;
    }
}
