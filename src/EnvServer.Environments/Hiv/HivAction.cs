namespace EnvServer.Environments.Hiv;

/// <summary>One treatment choice, the benchmark's action index.</summary>
/// <param name="Index">0 none, 1 protease inhibitor only, 2 reverse-transcriptase inhibitor only, 3 both.</param>
public readonly record struct HivAction(int Index)
{
    public const int None = 0;
    public const int ProteaseInhibitor = 1;
    public const int ReverseTranscriptaseInhibitor = 2;
    public const int Both = 3;
}
