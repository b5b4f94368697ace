using Delisting.Api.Domain;
using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Delisting.Api.Telemetry;
using Delisting.Api.Auth;
using Delisting.Api.Admission;

namespace Delisting.Api.Engines;

public static class EnginesApi
{
    /// <summary>1,000 responses with reasons of 1,000 characters fit comfortably.</summary>
    public const long MaxResponsesBodyBytes = 4 * 1024 * 1024;

    /// <summary>This feature's services: its stores and caches.</summary>
    public static IServiceCollection AddEngines(this IServiceCollection services)
    {
        services.AddEngineScope();
        services.AddSingleton<EnginesStore>();
        services.AddSingleton<QueueStore>();
        services.AddSingleton<ResponsesStore>();
        services.AddSingleton<QueuePages>();
        return services;
    }

    public static RouteGroupBuilder MapEngines(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/engines").WithTags("Engines").RequireAuthorization();

        group.MapGet("/", ListEngines).WithName("ListEngines").WithSummary("List the search engines");
        group.MapGet("/{engine}/items", ListQueue).WithName("ListEngineItems")
            .WithSummary("An engine's work queue, by due instant (engine liaison)")
            .RequireAuthorization(Roles.Engine, Policies.OwnEngine);
        group.MapPost("/{engine}/responses", ReportResponses).WithName("ReportEngineResponses")
            .WithSummary("Report what the engine did with its items; all or nothing (engine liaison)")
            .RequireAuthorization(Roles.Engine, Policies.OwnEngine)
            .WithBodyLimit(MaxResponsesBodyBytes)
            .WithAdmission()
            .WithValidation(secondStage: true)
            .ProducesValidationProblem(409);

        return group;
    }

    /// <remarks>Every engine the service knows, by id. Any key may read them.</remarks>
    public static async Task<Ok<IReadOnlyList<EngineContract>>> ListEngines(EnginesStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    /// <remarks>
    /// The engine's items across rulings by due instant, then in creation order: a pending or acknowledged item is due at
    /// its deadline, a relist-pending item from the instant its relisting was requested. Follow `next` to page on: an
    /// item keeps its place when its status changes, so a reader meets it once. An engine's key reads its own engine
    /// only (403 for another); an admin reads any.
    /// </remarks>
    /// <param name="engine">Id of the engine (see GET /v1/engines).</param>
    /// <param name="status">Only the items with this status (pending for the work still to do).</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<SerializedOk<Page<ItemContract>>, ProblemHttpResult>> ListQueue(
        [ParameterExample("google")] string engine, [Vocabulary(typeof(ItemStatus))] string? status, int? limit, string? after, QueuePages pages,
            Cursors cursors,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(limit, after, out var take, out var position, out var problem)) return problem!;
        if (!QueueCursor.TryParse(position, out var cursor)) return Paging.NotACursor();
        if (status is not null && !ItemStatus.IsKnown(status))
        {
            return Problems.BadRequest($"status must be one of {string.Join(", ", ItemStatus.All)}; got '{status}'.");
        }
        return new SerializedOk<Page<ItemContract>>(await pages.GetAsync(engine, status, cursor, take, cancellationToken));
    }

    /// <remarks>
    /// Applied entirely or not at all. An unknown item, another engine's item, or an item named twice is a 422 under
    /// `responses[i].itemId`; a transition that is not allowed is a 409 whose `errors` name each offending response
    /// under `responses[i].status`. Reporting the status an item already has is not an error: it is counted as unchanged.
    /// </remarks>
    /// <param name="engine">Id of the engine the items belong to; an engine's key reports for its own engine only.</param>
    /// <param name="body">1 to 1,000 responses.</param>
    public static async Task<Results<Ok<ResponsesResult>, ProblemHttpResult>> ReportResponses(
        [ParameterExample("google")] string engine, ResponsesBatch body, HttpContext http, ResponsesStore items, DelistingMetrics metrics,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = ValidationFindings.Of(http);
        if (body.Responses is null || errors.ContainsKey("responses")) return Problems.Validation(errors);
        // The responses the validator found no fault with are checked against the queue; the others keep their own index.
        var checkable = Enumerable.Range(0, body.Responses.Count)
            .Where(i => body.Responses[i] is not null && !ValidationFindings.Failed(errors, $"responses[{i}]")).ToList();
        var responses = checkable.Select(i => body.Responses[i]!).ToList();
        var now = time.GetUtcNow();
        var outcome = responses.Count == 0 ? ResponsesOutcome.Nothing
            : await items.ApplyAsync(engine, responses, Caller.From(http.User), now, errors.Count > 0, cancellationToken);
        foreach (var (index, message) in outcome.UnknownItems) errors[$"responses[{checkable[index]}].itemId"] = [message];
        var conflicts = outcome.Conflicts.ToDictionary(c => $"responses[{checkable[c.Key]}].status", c => new[] { c.Value });
        if (errors.Count > 0)
        {
            foreach (var (path, messages) in conflicts) errors.TryAdd(path, messages);
            return Problems.Validation(errors, $"{errors.Count} field(s) of the batch are wrong; nothing was applied. An itemId error names " +
                $"an item that is not in the {engine} queue or that the batch already reports.");
        }
        if (conflicts.Count > 0)
        {
            return Problems.Conflict($"{conflicts.Count} transition(s) are not allowed; nothing was applied.",
                new Dictionary<string, object?> { ["errors"] = conflicts });
        }
        metrics.BatchApplied(engine, responses.Select(r => r.Status!));
        metrics.Delisted(engine, outcome.TimesToDelist);
        return TypedResults.Ok(new ResponsesResult(outcome.Applied, outcome.Unchanged, outcome.Items.Select(i => i.ToContract(now)).ToList()));
    }
}
