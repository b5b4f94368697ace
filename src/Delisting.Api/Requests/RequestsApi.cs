using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Delisting.Api.Domain;
using Delisting.Api.Engines;
using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Delisting.Api.Requests;

public static class RequestsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>10,000 URLs of 2,048 characters, JSON-escaped, with room to spare.</summary>
    public const long MaxBodyBytes = 24 * 1024 * 1024;

    public static RouteGroupBuilder MapRequests(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/requests").WithTags("Delisting requests").RequireAuthorization(Roles.RightsHolder);

        group.MapPost("/", SubmitRequest).WithName("SubmitRequest")
            .WithSummary("Submit URLs to delist under a ruling (rights holder)")
            .WithDescription("All or nothing: any invalid URL gives a 422 listing every offending URL and nothing is stored. " +
                             "Send an Idempotency-Key header to make retries safe.")
            .RequireAuthorization(Policies.Submitter)
            .WithBodyLimit(MaxBodyBytes)
            .WithAdmission()
            .WithValidation()
            .ProducesValidationProblem(422)
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415);
        group.MapGet("/", ListRequests).WithName("ListRequests")
            .WithSummary("List your organisation's requests, newest first (admin: all)")
            .ProducesProblem(400);
        group.MapGet("/{requestId}", GetRequest).WithName("GetRequest")
            .WithSummary("Get a request with its URLs and per-engine status as of now")
            .ProducesProblem(404);
        group.MapGet("/{requestId}/items", ListRequestItems).WithName("ListRequestItems")
            .WithSummary("List a request's items (one per URL and engine), in the order of its URLs, then by engine")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/{requestId}/events", ListRequestEvents).WithName("ListRequestEvents")
            .WithSummary("The audit trail of a request and its items, oldest first")
            .ProducesProblem(400).ProducesProblem(404);

        return group;
    }

    public static async Task<Results<Created<RequestContract>, ReplayedResponse, ProblemHttpResult>> SubmitRequest(
        SubmitRequest body,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        HttpContext http,
        RulingsStore rulings,
        RequestsStore requests,
        IdempotencyStore idempotency,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (idempotencyKey is null)
        {
            return await SubmitAsync(body, caller, rulings, requests, time, cancellationToken);
        }

        if (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(c => c is < '!' or > '~'))
        {
            return Problems.BadRequest($"{IdempotencyHeader} must be 1 to 200 visible ASCII characters (a UUID is a good choice).");
        }
        var json = jsonOptions.Value.SerializerOptions;
        var hash = await HashingStream.Sha256OfAsync(body, json, cancellationToken);
        var (outcome, record) = await idempotency.ClaimAsync(caller.KeyId, idempotencyKey, hash, time.GetUtcNow(), cancellationToken);
        switch (outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return Problems.Validation(IdempotencyHeader,
                    "This Idempotency-Key was already used with a different body; use a new key for a new request.");
            case IdempotencyOutcome.InFlight:
                return Problems.Conflict("A request with this Idempotency-Key is still being processed; retry in a moment.");
            case IdempotencyOutcome.Completed:
                return new ReplayedResponse(record!);
        }

        try
        {
            var result = await SubmitAsync(body, caller, rulings, requests, time, cancellationToken);
            if (result.Result is Created<RequestContract> created)
            {
                await idempotency.CompleteAsync(caller.KeyId, idempotencyKey,
                    new IdempotencyRecord(201, JsonSerializer.Serialize(created.Value, json), created.Location), time.GetUtcNow(), CancellationToken.None);
            }
            else
            {
                // A refused request stored nothing: let the client correct it and retry under the same key.
                await idempotency.ReleaseAsync(caller.KeyId, idempotencyKey);
            }
            return result;
        }
        catch
        {
            await idempotency.ReleaseAsync(caller.KeyId, idempotencyKey);
            throw;
        }
    }

    private static async Task<Results<Created<RequestContract>, ReplayedResponse, ProblemHttpResult>> SubmitAsync(
        SubmitRequest body, Caller caller, RulingsStore rulings, RequestsStore requests, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ruling = await rulings.GetAsync(body.RulingId!, cancellationToken);
        if (ruling is null)
        {
            return Problems.Validation("rulingId", $"No ruling has the id '{body.RulingId}' (see GET /v1/rulings).");
        }
        if (!ruling.Plaintiffs.Contains(caller.Organisation!))
        {
            return Problems.Forbidden($"Organisation '{caller.Organisation}' is not a plaintiff of ruling '{ruling.Id}'.");
        }
        var today = ruling.Today(now);
        if (today < ruling.StartsOn)
        {
            return Problems.Validation("rulingId", ruling.ServedOn is null
                ? $"Ruling '{ruling.Id}' is not in force yet: it takes effect on {ruling.StartsOn:yyyy-MM-dd}."
                : $"Ruling '{ruling.Id}' is not in force yet: it is served on {ruling.StartsOn:yyyy-MM-dd}.");
        }
        if (today > ruling.InForceUntil)
        {
            return Problems.Validation("rulingId",
                $"Ruling '{ruling.Id}' is no longer in force: it ran until {ruling.InForceUntil:yyyy-MM-dd} ({ruling.TimeZone}).");
        }

        var domains = ruling.Sites.Select(s => s.Domain).ToList();
        var errors = new Dictionary<string, string[]>();
        var accepted = new List<AcceptedUrl>(body.Urls!.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < body.Urls.Count; i++)
        {
            var check = UrlNormalizer.Normalize(body.Urls[i]);
            if (!check.IsValid)
            {
                errors[$"urls[{i}]"] = [check.Error!];
                continue;
            }
            var site = SiteMatcher.FindSite(check.Host!, domains);
            if (site is null)
            {
                errors[$"urls[{i}]"] = [$"The host '{check.Host}' is not on the site list of ruling '{ruling.Id}'. " +
                                        "A mirror on a new domain is covered only once a new decision extends the list."];
                continue;
            }
            if (seen.Add(check.Url!))
            {
                accepted.Add(new AcceptedUrl(check.Url!, SHA256.HashData(Encoding.UTF8.GetBytes(check.Url!)), site));
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, $"{errors.Count} of {body.Urls.Count} URLs cannot be delisted under ruling '{ruling.Id}'; nothing was stored.");
        }

        var submission = new Submission(Ids.New("req"), ruling, caller.Organisation!,
            string.IsNullOrWhiteSpace(body.ClientReference) ? null : body.ClientReference, now, ruling.DeadlineFor(now), caller, accepted);
        var urls = await requests.InsertAsync(submission, cancellationToken);

        // New URLs have only fresh pending items; reused notices carry their own history, so ask the database.
        IReadOnlyDictionary<string, EngineSummary> summary = urls.Any(u => u.AlreadyRequested)
            ? await requests.SummaryAsync(submission.Id, ruling.Id, now, cancellationToken)
            : ruling.Engines.OrderBy(e => e, StringComparer.Ordinal)
                .ToDictionary(e => e, _ => new EngineSummary(urls.Count, 0, 0, 0, 0));
        var contract = new RequestContract(submission.Id, ruling.Id, submission.Organisation, submission.ClientReference,
            now, submission.Deadline, urls, summary, RequestStates.Of(summary));
        return TypedResults.Created($"/v1/requests/{submission.Id}", contract);
    }

    public static async Task<Results<Ok<RequestContract>, ProblemHttpResult>> GetRequest(
        string requestId, HttpContext http, RequestsStore requests, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(requestId, OrganisationScope(http), time.GetUtcNow(), cancellationToken);
        return request is null ? Problems.NotFound($"Request '{requestId}'") : TypedResults.Ok(request);
    }

    public static async Task<Results<Ok<Page<RequestListItem>>, ProblemHttpResult>> ListRequests(
        string? rulingId, string? state, int? limit, string? after, HttpContext http, RequestsStore requests, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadNumeric(limit, after, out var take, out var before, out var problem)) return problem!;
        if (state is not null and not RequestStates.Open and not RequestStates.Closed)
        {
            return Problems.BadRequest($"state must be '{RequestStates.Open}' or '{RequestStates.Closed}'; got '{state}'.");
        }
        var (page, next) = await requests.ListAsync(OrganisationScope(http), rulingId, state, before, take, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new Page<RequestListItem>(page, next is null ? null : Paging.Encode(next.Value)));
    }

    public static async Task<Results<Ok<Page<ItemContract>>, ProblemHttpResult>> ListRequestItems(
        string requestId, string? engine, string? status, int? limit, string? after, HttpContext http, RequestsStore requests,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, after, out var take, out var position, out var problem)) return problem!;
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
        return TypedResults.Ok(new Page<ItemContract>(items.Select(i => i.ToContract(now)).ToList(), next is null ? null : Paging.Encode(next.ToString())));
    }

    public static async Task<Results<Ok<Page<EventContract>>, ProblemHttpResult>> ListRequestEvents(
        string requestId, int? limit, string? after, HttpContext http, RequestsStore requests, CancellationToken cancellationToken)
    {
        if (!Paging.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var result = await requests.EventsAsync(requestId, OrganisationScope(http), afterSeq, take, cancellationToken);
        if (result is null) return Problems.NotFound($"Request '{requestId}'");
        var (events, next) = result.Value;
        return TypedResults.Ok(new Page<EventContract>(events, next is null ? null : Paging.Encode(next.Value)));
    }

    /// <summary>A rights holder reads its own organisation's requests; an admin reads all (null scope).</summary>
    private static string? OrganisationScope(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return caller.IsAdmin ? null : caller.Organisation;
    }
}

/// <summary>The stored first response to an idempotent request, sent again as it was.</summary>
public sealed class ReplayedResponse(IdempotencyRecord record) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = record.StatusCode;
        httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Location is not null) httpContext.Response.Headers.Location = record.Location;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await httpContext.Response.WriteAsync(record.ResponseBody);
    }
}
