using System.Globalization;

namespace EnvServer.Tools.Soak;

/// <summary>
/// <c>soak [--sessions 500] [--minutes 10] [--url URL] [--api-key KEY] [--ws-share 0.7] [--think-ms 100]
/// [--invalid-share 0.15] [--oversize-bytes N] [--max-growth-mib 64] [--server-pid PID] [--seed 1]</c>.
/// </summary>
internal sealed record SoakOptions
{
    /// <summary>MAX_MESSAGE_BYTES of the server the tool starts: small, so oversize frames cost little. Default 64 KiB.</summary>
    public const int ChildMaxMessageBytes = 64 * 1024;

    /// <summary>Concurrent clients, each holding one session. Default 500.</summary>
    public int Sessions { get; init; } = 500;

    /// <summary>How long the traffic runs. Default 10 minutes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Server to soak; null starts the Release build as a child process. Default null.</summary>
    public Uri? Url { get; init; }

    /// <summary>API key the server wants; for a child server, a random one is set and used. Default null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Share of the clients on WebSockets, the rest on HTTP sessions. Default 0.7.</summary>
    public double WebSocketShare { get; init; } = 0.7;

    /// <summary>Mean pause between one client's messages (uniform in 0..2×). Default 100 ms.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Share of messages that are invalid (bad JSON, wrong types, out of range, unknown types, oversize). Default 0.15.</summary>
    public double InvalidShare { get; init; } = 0.15;

    /// <summary>Size of the oversize messages: over the server's MAX_MESSAGE_BYTES. Default: the child's limit + 1 KiB, or 16 MiB + 1 KiB with --url.</summary>
    public int? OversizeBytes { get; init; }

    /// <summary>
    /// The documented memory bound: the server's RSS may grow at most this much from the end of warm-up (every
    /// session open and busy) to the end of the run. Default 64 MiB.
    /// </summary>
    public int MaxGrowthMiB { get; init; } = 64;

    /// <summary>Process id of a --url server on this machine, to read its memory. Default null (not measured).</summary>
    public int? ServerPid { get; init; }

    public int Seed { get; init; } = 1;

    public int OversizeMessageBytes => OversizeBytes ?? (Url is null ? ChildMaxMessageBytes : 16 * 1024 * 1024) + 1024;

    /// <summary>The memory figure of reference: after this long every session is open and the server warm.</summary>
    public TimeSpan WarmUp => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, Duration.Ticks / 5));

    public const string Usage =
        "usage: soak [--sessions 500] [--minutes 10] [--url URL] [--api-key KEY] [--ws-share 0.7] [--think-ms 100] "
        + "[--invalid-share 0.15] [--oversize-bytes N] [--max-growth-mib 64] [--server-pid PID] [--seed 1]";

    /// <summary>Null (after printing why) for a bad command line.</summary>
    public static SoakOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new SoakOptions();
        var c = CultureInfo.InvariantCulture;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                error.WriteLine($"{args[i]} needs a value. {Usage}");
                return null;
            }

            var value = args[i + 1];
            try
            {
                options = args[i] switch
                {
                    "--sessions" => options with { Sessions = int.Parse(value, c) },
                    "--minutes" => options with { Duration = TimeSpan.FromMinutes(double.Parse(value, c)) },
                    "--url" => options with { Url = new Uri(value) },
                    "--api-key" => options with { ApiKey = value },
                    "--ws-share" => options with { WebSocketShare = double.Parse(value, c) },
                    "--think-ms" => options with { ThinkTime = TimeSpan.FromMilliseconds(double.Parse(value, c)) },
                    "--invalid-share" => options with { InvalidShare = double.Parse(value, c) },
                    "--oversize-bytes" => options with { OversizeBytes = int.Parse(value, c) },
                    "--max-growth-mib" => options with { MaxGrowthMiB = int.Parse(value, c) },
                    "--server-pid" => options with { ServerPid = int.Parse(value, c) },
                    "--seed" => options with { Seed = int.Parse(value, c) },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (Exception e) when (e is FormatException or OverflowException or UriFormatException)
            {
                error.WriteLine($"{args[i]} {value}: {e.Message}. {Usage}");
                return null;
            }
        }

        if (options.Sessions < 1 || options.Duration <= TimeSpan.Zero || options.WebSocketShare is < 0 or > 1 || options.InvalidShare is < 0 or > 1)
        {
            error.WriteLine($"--sessions must be ≥ 1, --minutes > 0, --ws-share and --invalid-share in [0, 1]. {Usage}");
            return null;
        }

        return options;
    }
}
