using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy.Bandit;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// GET /bandit/datasets/{id}/combinations: <c>{"combinations": [[drug, ...], ...], "offset": o, "total": n}</c>, each
/// combination's index being offset + its position. Written to the response as it goes, a few rows at a time, so a
/// listing of the largest data set costs the server a few kilobytes rather than the whole text (once 969 MB).
/// </summary>
internal sealed class CombinationListing(HammingIndex rows, int offset, int count) : IResult
{
    private const int FlushBytes = 32 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WireJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartArray("combinations");
        for (var row = offset; row < offset + count; row++)
        {
            writer.WriteStartArray();
            foreach (var drug in MultiHot.Drugs(rows.Row(row))) writer.WriteNumberValue(drug);
            writer.WriteEndArray();
            if (writer.BytesPending < FlushBytes) continue;
            writer.Flush();
            await response.BodyWriter.FlushAsync(aborted);
        }

        writer.WriteEndArray();
        writer.WriteNumber("offset", offset);
        writer.WriteNumber("total", rows.Count);
        writer.WriteEndObject();
        writer.Flush();
        await response.BodyWriter.FlushAsync(aborted);
    }
}
