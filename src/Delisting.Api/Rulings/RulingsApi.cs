using Delisting.Api.Domain;
using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Rulings;

public static class RulingsApi
{
    /// <summary>This feature's services: its stores.</summary>
    public static IServiceCollection AddRulings(this IServiceCollection services)
    {
        services.AddSingleton<RulingsStore>();
        services.AddRulingScope();
        services.AddSingleton<RulingEventsStore>();
        services.AddSingleton<LapseWarnings>();
        services.AddHostedService<LapseWarner>();
        return services;
    }

    public static RouteGroupBuilder MapRulings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/rulings").WithTags("Rulings").RequireAuthorization();

        group.MapGet("/", ListRulings).WithName("ListRulings")
            .WithSummary("List rulings (an engine sees the rulings that bind it)");
        // One ruling: whoever may read it (RulingScope), else 404.
        var one = group.MapGroup("/{rulingId}").RequireAuthorization(Policies.RulingReader);
        one.MapGet("/", GetRuling).WithName("GetRuling")
            .WithSummary("Get one ruling with its ordered site list");
        one.MapGet("/events", ListRulingEvents).WithName("ListRulingEvents")
            .WithSummary("The ruling's own history, oldest first: extensions, mirror reports and their decisions, admin withdrawals");
        group.MapPost("/", CreateRuling).WithName("CreateRuling")
            .WithSummary("Record a ruling (admin)")
            .RequireAuthorization(Roles.Admin)
            .WithValidation(secondStage: true)
            .ProducesProblem(409);

        return group;
    }

    /// <remarks>Ordered by id. Admins and rights holders see every ruling; an engine's liaison sees the rulings that bind its engine.</remarks>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<RulingContract>>, ProblemHttpResult>> ListRulings(
        Cursors cursors,
        int? limit, string? after, HttpContext http, RulingsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(limit, after, out var take, out var afterId, out var problem)) return problem!;
        // The cursor is the last ruling id of the previous page: anything that is not a ruling id is not a cursor.
        if (afterId is not null && !System.Text.RegularExpressions.Regex.IsMatch(afterId,
            CreateRulingValidator.SlugPattern)) return Paging.NotACursor();
        var caller = Caller.From(http.User);
        var rulings = await store.ListAsync(afterId, take + 1, caller.Role == Roles.Engine ? caller.Engine : null, cancellationToken);
        var now = time.GetUtcNow();
        var page = rulings.Take(take).Select(r => RulingContract.From(r, now)).ToList();
        return TypedResults.Ok(new Page<RulingContract>(page, rulings.Count > take ? cursors.Encode(page[^1].Id) : null));
    }

    /// <remarks>
    /// `inForce` is derived from today's date in the ruling's time zone. A ruling that does not bind the caller's engine is 404 to that
    /// engine.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    public static Results<Ok<RulingContract>, ProblemHttpResult> GetRuling(
        [ParameterExample("tgi-paris-2013-11-28-allostreaming")] string rulingId, HttpContext http, TimeProvider time)
    {
        return TypedResults.Ok(RulingContract.From(RulingScope.Of(http), time.GetUtcNow()));
    }

    /// <remarks>
    /// The ruling's own append-only history, oldest first: extensions of its site list, mirror reports and their dismissals, with who did it. Whoever
    /// may read the ruling may read it.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<RulingEventContract>>, ProblemHttpResult>> ListRulingEvents(
        Cursors cursors,
        [ParameterExample("tgi-paris-2013-11-28-allostreaming")] string rulingId, int? limit, string? after, HttpContext http,
        RulingEventsStore events, CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var (page, next) = await events.ListAsync(RulingScope.Of(http).Id, afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<RulingEventContract>(page, next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>
    /// Plaintiffs and engines must exist (422 naming each unknown one); domains are normalized and must be registrable domains; an existing id is
    /// 409. The ruling's dates are calendar dates in its time zone. A site that is or covers a protected host (GET /v1/protected-hosts) is refused at
    /// sites[i].domain unless it carries protectedHostOverride, which the ruling's events record.</remarks>
    /// <param name="body">The ruling.</param>
    public static async Task<Results<Created<RulingContract>, ProblemHttpResult>> CreateRuling(
        CreateRulingRequest body, HttpContext http, RulingsStore store, Domain.ProtectedHostLookup protectedHosts, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = ValidationFindings.Of(http);
        var engines = Checkable(body.Engines, "engines", errors);
        var plaintiffs = Checkable(body.Plaintiffs, "plaintiffs", errors);
        var (unknownEngines, unknownOrganisations) = await store.FindUnknownAsync(engines.Select(e => e.Value).ToList(),
            plaintiffs.Select(p => p.Value).ToList(), cancellationToken);
        foreach (var (i, engine) in engines.Where(e => unknownEngines.Contains(e.Value)))
        {
            errors[$"engines[{i}]"] = [$"'{engine}' is not a known search engine (see GET /v1/engines)."];
        }
        foreach (var (i, organisation) in plaintiffs.Where(p => unknownOrganisations.Contains(p.Value)))
        {
            errors[$"plaintiffs[{i}]"] = [$"'{organisation}' is not a known organisation (see GET /v1/organisations)."];
        }
        var index = await protectedHosts(cancellationToken);
        for (var i = 0; body.Sites is not null && !errors.ContainsKey("sites") && i < body.Sites.Count; i++)
        {
            var site = body.Sites[i];
            if (site is null || ValidationFindings.Failed(errors, $"sites[{i}]")) continue;
            HostNames.TryNormalizeDomain(site.Domain, out var domain, out _);
            if (string.IsNullOrWhiteSpace(site.ProtectedHostOverride)
                && index.DomainRefusal(domain, Domain.ProtectedHostIndex.OverrideAdvice) is { } refusal)
            {
                errors[$"sites[{i}].domain"] = [refusal];
            }
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var ruling = Ruling.From(body);
        var now = time.GetUtcNow();
        if (!await store.InsertAsync(ruling, now, cancellationToken, Caller.From(http.User)))
        {
            return Problems.Conflict($"A ruling with id '{ruling.Id}' already exists.");
        }
        return TypedResults.Created($"/v1/rulings/{ruling.Id}", RulingContract.From(ruling, now));
    }


    /// <summary>The entries of a list the validator found no fault with, by index: the ones worth looking up.</summary>
    private static List<(int Index, string Value)> Checkable(IReadOnlyList<string>? values, string path, Dictionary<string, string[]> errors) =>
        values is null || errors.ContainsKey(path) ? []
            : values.Select((value, i) => (i, value)).Where(e => !ValidationFindings.Failed(errors, $"{path}[{e.i}]")).ToList();
}
