namespace EnvServer.Environments.Core;

/// <summary>Grades live in [0.001, 0.999], the range OpenEnv hackathon graders use.</summary>
public static class Grader
{
    public const double Min = 0.001;
    public const double Max = 0.999;

    public static double Clip(double score) => double.IsNaN(score) ? Min : Math.Clamp(score, Min, Max);
}
