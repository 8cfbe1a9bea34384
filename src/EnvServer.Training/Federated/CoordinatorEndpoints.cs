using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvServer.Training.Federated;

/// <summary>
/// The coordinator's HTTP+JSON surface under /federated. Clients only call out: POST clients (register),
/// POST clients/{id}/heartbeat, GET clients/{id}/task (pull), POST clients/{id}/updates (push); GET status for people.
/// An unknown client id is 404 (the client registers again); a malformed or misplaced update is 422 naming the field.
/// </summary>
internal static class CoordinatorEndpoints
{
    public static RouteGroupBuilder MapCoordinatorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/federated");
        group.MapPost("/clients", Register);
        group.MapPost("/clients/{clientId}/heartbeat", Heartbeat);
        group.MapGet("/clients/{clientId}/task", Pull);
        group.MapPost("/clients/{clientId}/updates", Push);
        group.MapGet("/status", (Coordinator coordinator) => TypedResults.Ok(coordinator.Status()));
        return group;
    }

    private static async Task<Results<Ok<RegisterResponse>, UnprocessableEntity<RejectionResponse>>> Register(HttpRequest request, Coordinator coordinator)
    {
        var (body, error) = await ReadAsync<RegisterRequest>(request);
        return body is null ? TypedResults.UnprocessableEntity(error) : TypedResults.Ok(coordinator.Register(body.Name));
    }

    private static Results<NoContent, NotFound> Heartbeat(string clientId, Coordinator coordinator) =>
        coordinator.Heartbeat(clientId) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Results<Ok<TaskResponse>, NotFound> Pull(string clientId, Coordinator coordinator) =>
        coordinator.Pull(clientId) is { } task ? TypedResults.Ok(task) : TypedResults.NotFound();

    private static async Task<Results<Accepted, NotFound, UnprocessableEntity<RejectionResponse>>> Push(string clientId, HttpRequest request, Coordinator coordinator)
    {
        var (update, error) = await ReadAsync<UpdateRequest>(request);
        if (update is null) return TypedResults.UnprocessableEntity(error);
        try
        {
            return coordinator.Push(clientId, update) ? TypedResults.Accepted((string?)null) : TypedResults.NotFound();
        }
        catch (UpdateRejectedException rejection)
        {
            return TypedResults.UnprocessableEntity(new RejectionResponse(rejection.Field, rejection.Message));
        }
    }

    /// <summary>The body, or why it is not one: malformed JSON names the JSON path at fault.</summary>
    private static async Task<(T? Body, RejectionResponse? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, FederatedJson.Options, request.HttpContext.RequestAborted);
            return body is null ? (null, new RejectionResponse("body", "The body is empty.")) : (body, null);
        }
        catch (JsonException error)
        {
            return (null, new RejectionResponse(error.Path is { Length: > 0 } path ? path.TrimStart('$', '.') : "body", $"Not a valid {typeof(T).Name}: {error.Message}"));
        }
    }
}
