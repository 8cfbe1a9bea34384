using System.Text.Json;

namespace EnvServer.Client;

/// <summary>An error frame from the server: <c>{"type":"error","data":{"message","code",...}}</c>.</summary>
public sealed class EnvServerException : Exception
{
    public EnvServerException(string code, string message, JsonElement details)
        : base($"Server error: {message} (code: {code})")
    {
        Code = code;
        ServerMessage = message;
        Details = details;
    }

    /// <summary>One of <see cref="EnvServerErrorCodes"/>, or a newer code this client does not know.</summary>
    public string Code { get; }

    /// <summary>The server's <c>message</c>, without the code.</summary>
    public string ServerMessage { get; }

    /// <summary>The whole <c>data</c> object, with extra keys such as <c>errors</c> or <c>max_sessions</c>.</summary>
    public JsonElement Details { get; }

    /// <summary>The validation errors (<c>[{type,loc,msg,input}]</c>), or an undefined element if none were sent.</summary>
    public JsonElement Errors => Details.ValueKind == JsonValueKind.Object && Details.TryGetProperty("errors", out var errors)
        ? errors
        : default;
}
