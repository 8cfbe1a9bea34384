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
        byte[] body;
        int length;
        try
        {
            (body, length) = await ReadAllAsync(request);
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's own verdict on the body (over MAX_MESSAGE_BYTES: 413), answered here rather
            // than logged as an unhandled error: it is the client's mistake, not the server's.
            var limit = error.StatusCode == StatusCodes.Status413PayloadTooLarge ? " (MAX_MESSAGE_BYTES)" : "";
            return new BodyReading(null, new ValidationIssue("too_large", ["body"], error.Message + limit), error.StatusCode);
        }

        if (length == 0) return new BodyReading(null, null);
        try
        {
            // The document reads the body's own array, which nothing else holds: no second copy.
            return new BodyReading(StrictJson.Parse(body.AsMemory(0, length), DocumentOptions), null) { InputBytes = length };
        }
        catch (JsonException error)
        {
            ParserBuffers.Reclaim(length);
            return new BodyReading(null, ProtocolIssues.InvalidJson(error.Message));
        }
    }

    /// <summary>
    /// The body in one array, consumed from the pipe as it arrives so Kestrel's buffers are handed back at once: the
    /// server holds a body once, not twice. Sized by Content-Length when there is one (Kestrel has checked it against
    /// MAX_MESSAGE_BYTES by the first read), grown by doubling for a chunked body.
    /// </summary>
    private static async Task<(byte[] Body, int Length)> ReadAllAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        var body = Array.Empty<byte>();
        var length = 0;
        while (true)
        {
            var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
            foreach (var segment in read.Buffer)
            {
                if (length + segment.Length > body.Length)
                {
                    var size = request.ContentLength is { } declared && declared >= length + segment.Length
                        ? (int)declared
                        : Math.Max(length + segment.Length, Math.Max(4096, body.Length * 2));
                    Array.Resize(ref body, size);
                }

                segment.Span.CopyTo(body.AsSpan(length));
                length += segment.Length;
            }

            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted) return (body, length);
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

    /// <summary>Size of the parsed body, for taking the parser's large buffer back from the pool.</summary>
    public int InputBytes { get; init; }

    public void Dispose()
    {
        if (Document is null) return;
        Document.Dispose();
        ParserBuffers.Reclaim(InputBytes);
    }
}
