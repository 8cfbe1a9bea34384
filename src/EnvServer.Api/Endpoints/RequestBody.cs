using System.Buffers;
using System.Text.Json;
using EnvServer.Api.Validation;

namespace EnvServer.Api.Endpoints;

/// <summary>Reads a request body as JSON: empty means absent; broken JSON is a 422 naming the body.</summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static async Task<BodyReading> ReadJsonAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
            var buffer = read.Buffer;
            if (!read.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            try
            {
                // JsonDocument keeps reading the memory it was parsed from, and AdvanceTo below hands the
                // pipe's memory back to Kestrel: the document gets its own copy.
                return buffer.IsEmpty ? new BodyReading(null, null) : new BodyReading(StrictJson.Parse(buffer.ToArray(), DocumentOptions), null);
            }
            catch (JsonException error)
            {
                return new BodyReading(null, ProtocolIssues.InvalidJson(error.Message));
            }
            finally
            {
                reader.AdvanceTo(buffer.End);
            }
        }
    }
}

/// <summary>A parsed body (null when empty) or the JSON error. Dispose to return the document's buffers.</summary>
internal sealed record BodyReading(JsonDocument? Document, ValidationIssue? Error) : IDisposable
{
    public JsonElement? Root => Document?.RootElement;

    public void Dispose() => Document?.Dispose();
}
