using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Delisting.Api.Telemetry;
using Delisting.Api.Auth;
using Delisting.Api.Admission;
using Delisting.Api.Engines;

namespace Delisting.Api.Requests;

public static class RequestsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>10,000 URLs of 2,048 characters, JSON-escaped, with room to spare.</summary>
    public const long MaxBodyBytes = 24 * 1024 * 1024;

    /// <summary>This feature's services: its stores and caches.</summary>
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddSingleton<RequestHeads>();
        services.AddSingleton<RequestsWriter>();
        services.AddSingleton<RequestsReader>();
        services.AddSingleton<IdempotencyStore>();
        return services;
    }

    public static RouteGroupBuilder MapRequests(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/requests").WithTags("Delisting requests").RequireAuthorization(Roles.RightsHolder);

        group.MapPost("/", SubmitRequest).WithName("SubmitRequest")
            .WithSummary("Submit URLs to delist under a ruling (rights holder)")
            .WithDescription("All or nothing: any invalid URL gives a 422 listing every offending URL and nothing is stored. " +
                             "Send an Idempotency-Key header to make retries safe.")
            .RequireAuthorization(Policies.Submitter)
            .Accepts<SubmitRequestBody>("application/json")
            .WithBodyLimit(MaxBodyBytes)
            .WithAdmission()
            .WithValidation(secondStage: true)
            .ProducesProblem(409);
        group.MapGet("/", ListRequests).WithName("ListRequests")
            .WithSummary("List your organisation's requests, newest first (admin: all)");
        group.MapGet("/{requestId}", GetRequest).WithName("GetRequest")
            .WithSummary("Get a request with its URLs and per-engine status as of now");
        group.MapGet("/{requestId}/items", ListRequestItems).WithName("ListRequestItems")
            .WithSummary("List a request's items (one per URL and engine), in the order of its URLs, then by engine");
        group.MapGet("/{requestId}/events", ListRequestEvents).WithName("ListRequestEvents")
            .WithSummary("The audit trail of a request and its items, oldest first");

        return group;
    }

    /// <remarks>
    /// The caller's organisation must be a plaintiff of the ruling (403 otherwise) and the ruling in force today in its
    /// time zone. All or nothing: any invalid URL gives a 422 whose `errors` name every offending URL (`urls[3]`) and
    /// nothing is stored. A URL already submitted under the ruling, by any organisation, reuses its notice and items
    /// (`alreadyRequested: true`). Each accepted URL becomes one pending item per engine of the ruling. A URL whose host is
    /// protected (GET /v1/protected-hosts) is refused unless its site carries a court's protectedHostOverride.
    /// </remarks>
    /// <param name="body">The ruling and the URLs.</param>
    public static async Task<Results<Created<RequestContract>, ReplayedResponse, ProblemHttpResult>> SubmitRequest(
        SubmitRequestBody body,
        [FromHeader(Name = IdempotencyHeader)]
        [System.ComponentModel.Description("Makes retries safe: the same key with the same body replays the first response (with " +
            "Idempotent-Replayed: true); " +
                                           "another body under the same key is 422; a key still being processed is 409. 1 to 200 visible ASCII " +
                                           "characters (a UUID is a good choice); kept 48 hours.")]
        string? idempotencyKey,
        HttpContext http,
        RulingsStore rulings,
        Domain.ProtectedHostLookup protectedHosts,
        Evidence.EvidenceStore evidence,
        RequestsWriter requests,
        IdempotencyStore idempotency,
        RequestsReader reader,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions,
        DelistingMetrics metrics,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var json = jsonOptions.Value.SerializerOptions;
        string Serialize(RequestContract request) => StoredAnswer.Of(request, json);
        if (idempotencyKey is null)
        {
            return await RequestSubmission.SubmitAsync(body, ValidationFindings.Of(http), caller, null, Serialize, rulings, protectedHosts,
                evidence, requests, metrics, time, cancellationToken);
        }

        if (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(c => c is < '!' or > '~'))
        {
            return Problems.BadRequest($"{IdempotencyHeader} must be 1 to 200 visible ASCII characters (a UUID is a good choice).");
        }
        var hash = await HashingStream.Sha256OfAsync(body, json, cancellationToken);
        var (outcome, record, claim, retryAfter) = await idempotency.ClaimAsync(caller.KeyId, idempotencyKey, hash, time.GetUtcNow(),
            cancellationToken);
        switch (outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return Problems.Validation(IdempotencyHeader,
                    "This Idempotency-Key was already used with a different body; use a new key for a new request.");
            case IdempotencyOutcome.InFlight:
                http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.Conflict("A request with this Idempotency-Key is still being processed; retry after the time in Retry-After.");
            case IdempotencyOutcome.Completed:
                metrics.Replayed();
                return new ReplayedResponse(await StoredAnswer.ReplayAsync(record!, reader, json, time.GetUtcNow(), cancellationToken));
        }

        try
        {
            var result = await RequestSubmission.SubmitAsync(body, ValidationFindings.Of(http), caller, claim, Serialize, rulings,
                protectedHosts, evidence, requests, metrics, time, cancellationToken);
            // A refused request stored nothing: let the client correct it and retry under the same key.
            if (result.Result is not Created<RequestContract>) await idempotency.ReleaseAsync(claim!);
            return result;
        }
        catch
        {
            await idempotency.ReleaseAsync(claim!);
            throw;
        }
    }

    /// <remarks>The summary and state are derived from the clock when read. A request of another organisation is 404.</remarks>
    /// <param name="requestId">Id of the request (req_…), as returned when it was submitted.</param>
    public static async Task<Results<Ok<RequestContract>, ProblemHttpResult>> GetRequest(
        [ParameterExample("req_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string requestId, HttpContext http, RequestsReader requests, TimeProvider time,
            CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(requestId, OrganisationScope(http), time.GetUtcNow(), cancellationToken);
        return request is null ? Problems.NotFound($"Request '{requestId}'") : TypedResults.Ok(request);
    }

    /// <remarks>A rights holder sees its own organisation's requests, an admin everyone's. Newest first.</remarks>
    /// <param name="rulingId">Only requests made under this ruling.</param>
    /// <param name="state">Only open requests (some item pending or acknowledged) or closed ones.</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<RequestListItem>>, ProblemHttpResult>> ListRequests(
        Cursors cursors,
        string? rulingId, [Vocabulary(typeof(RequestStates))] string? state, int? limit, string? after, HttpContext http, RequestsReader requests,
            TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var before, out var problem)) return problem!;
        if (state is not null and not RequestStates.Open and not RequestStates.Closed)
        {
            return Problems.BadRequest($"state must be '{RequestStates.Open}' or '{RequestStates.Closed}'; got '{state}'.");
        }
        var (page, next) = await requests.ListAsync(OrganisationScope(http), rulingId, state, before, take, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new Page<RequestListItem>(page, next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>One item per URL and engine of the ruling, in the order of the request's URLs, then by engine id.</remarks>
    /// <param name="requestId">Id of the request (req_…).</param>
    /// <param name="engine">Only the items of this engine.</param>
    /// <param name="status">Only the items with this status.</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<ItemContract>>, ProblemHttpResult>> ListRequestItems(
        Cursors cursors,
        [ParameterExample("req_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string requestId, [ParameterExample("google")] string? engine,
            [Vocabulary(typeof(ItemStatus))] string? status, int? limit, string? after, HttpContext http, RequestsReader requests,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(limit, after, out var take, out var position, out var problem)) return problem!;
        RequestItemsCursor? cursor = null;
        if (position is not null && !RequestItemsCursor.TryParse(position, out cursor))
        {
            return Paging.NotACursor();
        }
        if (status is not null && !ItemStatus.IsKnown(status))
        {
            return Problems.BadRequest($"status must be one of {string.Join(", ", ItemStatus.All)}; got '{status}'.");
        }
        var result = await requests.ItemsAsync(requestId, OrganisationScope(http), engine, status, cursor, take, cancellationToken);
        if (result is null) return Problems.NotFound($"Request '{requestId}'");
        var now = time.GetUtcNow();
        var (items, next) = result.Value;
        return TypedResults.Ok(new Page<ItemContract>(items.Select(i => i.ToContract(now)).ToList(),
            next is null ? null : cursors.Encode(next.ToString())));
    }

    /// <remarks>
    /// The submission, then every status change of the request's items, oldest first, with who made it. Events are never updated or
    /// deleted.</remarks>
    /// <param name="requestId">Id of the request (req_…).</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<EventContract>>, ProblemHttpResult>> ListRequestEvents(
        Cursors cursors,
        [ParameterExample("req_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string requestId, int? limit, string? after, HttpContext http,
            RequestsReader requests, CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(limit, after, out var take, out var position, out var problem)) return problem!;
        RequestEventsCursor? cursor = null;
        if (position is not null && !RequestEventsCursor.TryParse(position, out cursor)) return Paging.NotACursor();
        var result = await requests.EventsAsync(requestId, OrganisationScope(http), cursor, take, cancellationToken);
        if (result is null) return Problems.NotFound($"Request '{requestId}'");
        var (events, next) = result.Value;
        return TypedResults.Ok(new Page<EventContract>(events, next is null ? null : cursors.Encode(next.ToString())));
    }

    /// <summary>A rights holder reads its own organisation's requests; an admin reads all (null scope).</summary>
    private static string? OrganisationScope(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return caller.IsAdmin ? null : caller.Organisation;
    }
}
