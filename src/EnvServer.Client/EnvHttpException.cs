using System.Net;
using System.Text.Json;

namespace EnvServer.Client;

/// <summary>A non-2xx answer from the server's HTTP API, e.g. 422 <c>{"detail":[{loc,msg,type}]}</c>.</summary>
public sealed class EnvHttpException : Exception
{
    public EnvHttpException(HttpStatusCode statusCode, string requestPath, JsonElement detail, string body)
        : base($"HTTP {(int)statusCode} from {requestPath}: {Describe(detail, body)}")
    {
        StatusCode = statusCode;
        Detail = detail;
        Body = body;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The body's <c>detail</c> (a string or a list of validation errors); undefined if the body had none.</summary>
    public JsonElement Detail { get; }

    /// <summary>The raw response body, for answers that are not JSON (e.g. a proxy's error page).</summary>
    public string Body { get; }

    private static string Describe(JsonElement detail, string body) => detail.ValueKind switch
    {
        JsonValueKind.String => detail.GetString()!,
        JsonValueKind.Undefined => body.Length > 200 ? body[..200] : body,
        _ => detail.GetRawText(),
    };
}
