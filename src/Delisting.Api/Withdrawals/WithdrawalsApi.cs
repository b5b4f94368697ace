using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using Delisting.Api.Admission;
using Delisting.Api.Engines;

namespace Delisting.Api.Withdrawals;

/// <summary>Withdrawals: a rights holder takes back URLs of its request; an admin ends every claim on URLs under a ruling.</summary>
public static class WithdrawalsApi
{
    /// <summary>10,000 URLs of 2,048 characters, JSON-escaped, with room to spare (as on submission).</summary>
    public const long MaxBodyBytes = 24 * 1024 * 1024;

    private const string Description =
        "All or nothing: a URL that cannot be withdrawn gives a 422 naming it (urls[i]) and nothing changes. URLs are normalized " +
        "as on submission. A URL stays active while any request of any organisation claims it; when its last claim ends, its " +
        "items move: pending, acknowledged and rejected become withdrawn, delisted becomes relist-pending (the engine must put " +
        "it back and report relisted).";

    public static IServiceCollection AddWithdrawals(this IServiceCollection services)
    {
        services.AddSingleton<WithdrawalsStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapWithdrawals(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/requests").WithTags("Delisting requests").RequireAuthorization(Roles.RightsHolder)
            .MapPost("/{requestId}/withdrawals", WithdrawFromRequest).WithName("WithdrawFromRequest")
            .WithSummary("Withdraw URLs of your organisation's request (rights holder)")
            .WithDescription(Description)
            .WithBodyLimit(MaxBodyBytes)
            .WithValidation(secondStage: true)
            .ProducesProblem(403);
        routes.MapGroup("/v1/rulings").WithTags("Rulings").RequireAuthorization(Roles.Admin)
            .MapPost("/{rulingId}/withdrawals", WithdrawUnderRuling).WithName("WithdrawUnderRuling")
            .WithSummary("End every organisation's claim on URLs under a ruling: over-blocking, a court order (admin)")
            .WithDescription(Description)
            .WithBodyLimit(MaxBodyBytes)
            .WithValidation(secondStage: true);
        return routes;
    }

    /// <param name="requestId">Id of your organisation's request (req_…) whose URLs to withdraw.</param>
    public static async Task<Results<Ok<WithdrawalResult>, ProblemHttpResult>> WithdrawFromRequest(
        [ParameterExample("req_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string requestId, WithdrawalBody body, HttpContext http, WithdrawalsStore store,
            TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.RightsHolder)
        {
            return Problems.Forbidden("A request's organisation withdraws its URLs; an admin ends every claim on a URL with POST " +
                "/v1/rulings/{rulingId}/withdrawals.");
        }
        var errors = ValidationFindings.Of(http);
        if (Normalize(body, errors) is not { } urls) return Refused(errors, body);
        var now = time.GetUtcNow();
        var outcome = await store.FromRequestAsync(requestId, caller.Organisation!, urls, body.Reason ?? "", caller, now, errors.Count > 0,
            cancellationToken);
        return outcome is null ? Problems.NotFound($"Request '{requestId}'") : Answer(outcome, errors, body, now);
    }

    /// <param name="rulingId">Id (slug) of the ruling under which every claim on the URLs ends.</param>
    public static async Task<Results<Ok<WithdrawalResult>, ProblemHttpResult>> WithdrawUnderRuling(
        [ParameterExample("demo-ruling-in-force")] string rulingId, WithdrawalBody body, HttpContext http, RulingsStore rulings,
            WithdrawalsStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await rulings.GetAsync(rulingId, cancellationToken) is null) return Problems.NotFound($"Ruling '{rulingId}'");
        var errors = ValidationFindings.Of(http);
        if (Normalize(body, errors) is not { } urls) return Refused(errors, body);
        var now = time.GetUtcNow();
        var outcome = await store.UnderRulingAsync(rulingId, urls, body.Reason ?? "", Caller.From(http.User), now, errors.Count > 0,
            cancellationToken);
        return Answer(outcome, errors, body, now);
    }

    private static Results<Ok<WithdrawalResult>, ProblemHttpResult> Answer(WithdrawalOutcome outcome, Dictionary<string, string[]> errors,
        WithdrawalBody body, DateTimeOffset now)
    {
        foreach (var (index, message) in outcome.Unknown) errors[$"urls[{index}]"] = [message];
        if (errors.Count > 0) return Refused(errors, body);
        return TypedResults.Ok(new WithdrawalResult(outcome.Withdrawn, outcome.StillClaimed, new Projection<ItemRow, ItemContract>(outcome.Items,
            i => i.ToContract(now))));
    }

    /// <summary>
    /// The body's valid URLs normalized, each once (at its first index); each invalid one is named in <paramref name="errors"/>.
    /// Null when the list itself was found wrong (missing, empty or too long): there is nothing to check.
    /// </summary>
    private static List<WithdrawnUrl>? Normalize(WithdrawalBody body, Dictionary<string, string[]> errors)
    {
        if (body.Urls is null || errors.ContainsKey("urls")) return null;
        var urls = new List<WithdrawnUrl>(body.Urls.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < body.Urls.Count; i++)
        {
            var check = UrlNormalizer.Normalize(body.Urls[i]);
            if (!check.IsValid) errors[$"urls[{i}]"] = [check.Error!];
            else if (seen.Add(check.Url!)) urls.Add(new WithdrawnUrl(i, check.Url!));
        }
        return urls;
    }

    private static ProblemHttpResult Refused(Dictionary<string, string[]> errors, WithdrawalBody body)
    {
        var urls = errors.Keys.Count(k => k.StartsWith("urls[", StringComparison.Ordinal));
        return Problems.Validation(errors, urls > 0 && body.Urls is not null
            ? $"{urls} of {body.Urls.Count} URLs cannot be withdrawn here; nothing was withdrawn."
            : "The withdrawal is refused; nothing was withdrawn.");
    }
}
