using EnvServer.Api.Hosting;
using Microsoft.Extensions.Options;

namespace EnvServer.Api.Sessions;

/// <summary>
/// Closes sessions idle longer than SESSION_IDLE_TIMEOUT (HTTP sessions: HTTP_SESSION_IDLE_TIMEOUT), so abandoned
/// clients give their slots back.
/// </summary>
internal sealed class IdleSessionReaper(SessionManager sessions, IOptions<ServerOptions> options, ILogger<IdleSessionReaper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.ReaperInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var session in sessions.Idle())
            {
                // A session busy with a request is not idle, whatever its clock says.
                if (!session.Gate.Wait(0)) continue;
                try
                {
                    logger.LogInformation("Closing idle {Kind} session {SessionRef}", session.Kind, SessionIds.LogRef(session.Id));
                    sessions.End(session, "Session closed after idle timeout");
                }
                finally
                {
                    session.Gate.Release();
                }
            }
        }
    }
}
