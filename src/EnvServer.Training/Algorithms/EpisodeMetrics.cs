using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>The episode statistics every algorithm logs, under CleanRL's names.</summary>
internal static class EpisodeMetrics
{
    public static void Record(MetricsLog log, long globalStep, EpisodeEnd episode)
    {
        log.Record("charts/episodic_return", globalStep, episode.Return);
        log.Record("charts/episodic_length", globalStep, episode.Length);
        if (episode.GraderScore is { } score) log.Record("charts/grader_score", globalStep, score);
    }

    /// <summary>eval/mean_reward, and eval/grader_score when every episode has one.</summary>
    public static void RecordEvaluation(MetricsLog log, long globalStep, IReadOnlyList<EpisodeEnd> episodes)
    {
        log.Record("eval/mean_reward", globalStep, episodes.Average(e => e.Return));
        if (episodes.All(e => e.GraderScore is not null)) log.Record("eval/grader_score", globalStep, episodes.Average(e => e.GraderScore!.Value));
    }
}
