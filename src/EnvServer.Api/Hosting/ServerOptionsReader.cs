using System.Globalization;
using EnvServer.Api.Security;
using FluentValidation;

namespace EnvServer.Api.Hosting;

/// <summary>
/// Reads <see cref="ServerOptions"/> from configuration under the environment-variable names users
/// set (MAX_CONCURRENT_ENVS, ...). Durations are seconds. A bad value stops start-up with a message
/// naming the setting.
/// </summary>
internal static class ServerOptionsReader
{
    public static ServerOptions Read(IConfiguration configuration)
    {
        var defaults = new ServerOptions();
        var options = new ServerOptions
        {
            DefaultEnv = configuration["DEFAULT_ENV"] ?? defaults.DefaultEnv,
            MaxConcurrentEnvs = Int(configuration, "MAX_CONCURRENT_ENVS") ?? defaults.MaxConcurrentEnvs,
            SessionIdleTimeout = Seconds(configuration, "SESSION_IDLE_TIMEOUT") ?? defaults.SessionIdleTimeout,
            HttpSessionIdleTimeout = Seconds(configuration, "HTTP_SESSION_IDLE_TIMEOUT") ?? defaults.HttpSessionIdleTimeout,
            MaxSessionsPerClient = Int(configuration, "MAX_SESSIONS_PER_CLIENT") ?? defaults.MaxSessionsPerClient,
            WsKeepAliveInterval = Seconds(configuration, "WS_KEEPALIVE_INTERVAL") ?? defaults.WsKeepAliveInterval,
            WsKeepAliveTimeout = Seconds(configuration, "WS_KEEPALIVE_TIMEOUT") ?? defaults.WsKeepAliveTimeout,
            MaxMessageBytes = Int(configuration, "MAX_MESSAGE_BYTES") ?? defaults.MaxMessageBytes,
            ApiKey = ApiKeyOf(configuration),
            MaxMessagesPerSecond = Int(configuration, "MAX_MESSAGES_PER_SECOND") ?? defaults.MaxMessagesPerSecond,
            MaxRequestsPerSecondPerClient = Int(configuration, "MAX_REQUESTS_PER_SECOND_PER_CLIENT") ?? defaults.MaxRequestsPerSecondPerClient,
            MaxEpisodeSteps = Int(configuration, "MAX_EPISODE_STEPS") ?? defaults.MaxEpisodeSteps,
            WsMaxQueuedBytes = Int(configuration, "WS_MAX_QUEUED_BYTES") ?? defaults.WsMaxQueuedBytes,
            MaxConcurrentLargeBodies = Int(configuration, "MAX_CONCURRENT_LARGE_BODIES") ?? defaults.MaxConcurrentLargeBodies,
            AllowedOrigins = Origins(configuration, "ALLOWED_ORIGINS") ?? defaults.AllowedOrigins,
            BanditMaxOraclesPerClient = Int(configuration, "BANDIT_MAX_ORACLES_PER_CLIENT") ?? defaults.BanditMaxOraclesPerClient,
        };
        new ServerOptionsValidator().ValidateAndThrow(options);
        return options;
    }

    /// <summary>Empty means unset, so <c>API_KEY=</c> in .env leaves the API open, as its absence does.</summary>
    private static ApiKey? ApiKeyOf(IConfiguration configuration) =>
        configuration["API_KEY"] is { Length: > 0 } key
            ? key.Trim() == key ? new ApiKey(key) : throw new InvalidOperationException("API_KEY must not start or end with whitespace")
            : null;

    private static int? Int(IConfiguration configuration, string key) =>
        configuration[key] is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidOperationException($"{key} must be a whole number, got '{text}'")
            : null;

    /// <summary>Comma-separated origins, compared as scheme://host[:port] without a trailing slash.</summary>
    private static string[]? Origins(IConfiguration configuration, string key) =>
        configuration[key]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(o => o.TrimEnd('/')).ToArray();

    private static TimeSpan? Seconds(IConfiguration configuration, string key) =>
        configuration[key] is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? TimeSpan.FromSeconds(value)
                : throw new InvalidOperationException($"{key} must be a number of seconds, got '{text}'")
            : null;

    private sealed class ServerOptionsValidator : AbstractValidator<ServerOptions>
    {
        public ServerOptionsValidator()
        {
            RuleFor(o => o.MaxConcurrentEnvs).GreaterThan(0).OverridePropertyName("MAX_CONCURRENT_ENVS").WithName("MAX_CONCURRENT_ENVS");
            RuleFor(o => o.SessionIdleTimeout).GreaterThan(TimeSpan.Zero).OverridePropertyName("SESSION_IDLE_TIMEOUT").WithName("SESSION_IDLE_TIMEOUT");
            RuleFor(o => o.HttpSessionIdleTimeout).GreaterThan(TimeSpan.Zero).OverridePropertyName("HTTP_SESSION_IDLE_TIMEOUT").WithName("HTTP_SESSION_IDLE_TIMEOUT");
            RuleFor(o => o.MaxSessionsPerClient).GreaterThanOrEqualTo(0).OverridePropertyName("MAX_SESSIONS_PER_CLIENT").WithName("MAX_SESSIONS_PER_CLIENT");
            RuleFor(o => o.WsKeepAliveInterval).GreaterThanOrEqualTo(TimeSpan.Zero).OverridePropertyName("WS_KEEPALIVE_INTERVAL").WithName("WS_KEEPALIVE_INTERVAL");
            RuleFor(o => o.WsKeepAliveTimeout).GreaterThanOrEqualTo(TimeSpan.Zero).OverridePropertyName("WS_KEEPALIVE_TIMEOUT").WithName("WS_KEEPALIVE_TIMEOUT");
            RuleFor(o => o.MaxMessageBytes).GreaterThanOrEqualTo(1024).OverridePropertyName("MAX_MESSAGE_BYTES").WithName("MAX_MESSAGE_BYTES");
            RuleFor(o => o.MaxMessagesPerSecond).GreaterThanOrEqualTo(0).OverridePropertyName("MAX_MESSAGES_PER_SECOND").WithName("MAX_MESSAGES_PER_SECOND");
            RuleFor(o => o.MaxRequestsPerSecondPerClient).GreaterThanOrEqualTo(0).OverridePropertyName("MAX_REQUESTS_PER_SECOND_PER_CLIENT").WithName("MAX_REQUESTS_PER_SECOND_PER_CLIENT");
            RuleFor(o => o.MaxEpisodeSteps).GreaterThan(0).OverridePropertyName("MAX_EPISODE_STEPS").WithName("MAX_EPISODE_STEPS");
            RuleFor(o => o.WsMaxQueuedBytes).GreaterThan(0).OverridePropertyName("WS_MAX_QUEUED_BYTES").WithName("WS_MAX_QUEUED_BYTES");
            RuleFor(o => o.MaxConcurrentLargeBodies).GreaterThan(0).OverridePropertyName("MAX_CONCURRENT_LARGE_BODIES").WithName("MAX_CONCURRENT_LARGE_BODIES");
            RuleFor(o => o.BanditMaxOraclesPerClient).GreaterThan(0).OverridePropertyName("BANDIT_MAX_ORACLES_PER_CLIENT").WithName("BANDIT_MAX_ORACLES_PER_CLIENT");
            RuleForEach(o => o.AllowedOrigins).Must(o => o == "*" || Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/")
                .OverridePropertyName("ALLOWED_ORIGINS").WithName("ALLOWED_ORIGINS").WithMessage("ALLOWED_ORIGINS entries must be * or scheme://host[:port], got '{PropertyValue}'");
            RuleFor(o => o.DefaultEnv).NotEmpty().OverridePropertyName("DEFAULT_ENV").WithName("DEFAULT_ENV");
        }
    }
}
