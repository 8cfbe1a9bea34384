using System.Buffers;
using System.IO.Pipelines;
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
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(request.HttpContext.RequestAborted);
            }
            catch (BadHttpRequestException error)
            {
                // Kestrel's own verdict on the body (over MAX_MESSAGE_BYTES: 413), answered here rather
                // than logged as an unhandled error: it is the client's mistake, not the server's.
                var limit = error.StatusCode == StatusCodes.Status413PayloadTooLarge ? " (MAX_MESSAGE_BYTES)" : "";
                return new BodyReading(null, new ValidationIssue("too_large", ["body"], error.Message + limit), error.StatusCode);
            }

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

/// <summary>
/// A parsed body (null when empty) or the error with its HTTP status (422 for broken JSON).
/// Dispose to return the document's buffers.
/// </summary>
internal sealed record BodyReading(JsonDocument? Document, ValidationIssue? Error, int ErrorStatus = StatusCodes.Status422UnprocessableEntity)
    : IDisposable
{
    public JsonElement? Root => Document?.RootElement;

    public void Dispose() => Document?.Dispose();
}
