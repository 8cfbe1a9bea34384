using System.Buffers;
using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// A JSON response written with the wire writer (floats with a fraction, NaN as null), with the
/// session id header when there is a session. The body is rendered when the result is created, so
/// a reply built under a session's lock cannot see a later step.
/// </summary>
internal sealed class WireResult : IResult
{
    public const string SessionHeader = "X-Session-Id";

    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly string? _sessionId;

    public WireResult(int statusCode, Action<Utf8JsonWriter> write, string? sessionId = null)
    {
        StatusCode = statusCode;
        _sessionId = sessionId;
        using var writer = new Utf8JsonWriter(_body, WireJson.WriterOptions);
        write(writer);
    }

    public int StatusCode { get; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/json";
        response.ContentLength = _body.WrittenCount;
        if (_sessionId is not null) response.Headers[SessionHeader] = _sessionId;
        await response.Body.WriteAsync(_body.WrittenMemory, httpContext.RequestAborted);
    }
}
