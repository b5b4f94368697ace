using Delisting.Api.Admission;
using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Transparency;

public static class TransparencyApi
{
    /// <summary>This feature's services: its store.</summary>
    public static IServiceCollection AddTransparency(this IServiceCollection services)
    {
        services.AddSingleton<TransparencyStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapTransparency(this IEndpointRouteBuilder routes)
    {
        var figures = routes.MapGroup("/v1/transparency").WithTags("Transparency").AsPublicAnswer();
        figures.MapGet("/rulings", ListRulings).WithName("ListPublicRulingFigures")
            .WithSummary("Every ruling with how each engine carries it out: aggregates anyone may read, no key needed");
        figures.MapGet("/rulings/{rulingId}/months", GetRulingMonths).WithName("GetPublicRulingMonths")
            .WithSummary("A ruling's figures per calendar month and engine, no key needed");

        routes.MapGet("/transparency", TransparencyPage.GetAsync).AsPublicAnswer().ExcludeFromDescription();

        // Admins and the ruling's plaintiffs (RulingScope: another rights holder 403, an unknown ruling 404); engines 403.
        var lumen = routes.MapGroup("/v1/rulings/{rulingId}/lumen").WithTags("Transparency")
            .RequireAuthorization(Roles.RightsHolder, Policies.RulingParty);
        lumen.MapGet("/", LumenNotices.GetAsync).WithName("GetRulingAsLumenNotice")
            .WithSummary("The ruling as a Lumen Database court-order notice, ready for Lumen's notice submission API (admin or a plaintiff)");
        return routes;
    }

    /// <remarks>
    /// No key needed (a key is accepted): aggregates only, never a URL, a request, an organisation's claim or a key.
    /// Ordered by ruling id. Figures are derived from the clock when computed and may be served from a cache for up to
    /// 60 seconds; send the `ETag` back in `If-None-Match` to get 304 while nothing changed. Callers without a key are
    /// rate limited per client address (429 with `Retry-After`).
    /// </remarks>
    /// <param name="limit">How many rulings per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<PublicRulingFigures>>, ProblemHttpResult>> ListRulings(
        int? limit, string? after, RulingsStore rulings, TransparencyStore store, Cursors cursors, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(limit, after, out var take, out var afterId, out var problem)) return problem!;
        if (afterId is not null && !System.Text.RegularExpressions.Regex.IsMatch(afterId, CreateRulingValidator.SlugPattern))
        {
            return Paging.NotACursor();
        }
        var page = await rulings.ListAsync(afterId, take + 1, engine: null, cancellationToken);
        var now = time.GetUtcNow();
        var items = new List<PublicRulingFigures>();
        foreach (var ruling in page.Take(take))
        {
            items.Add(PublicRulingFigures.From(ruling, await store.FiguresAsync(ruling, now, cancellationToken)));
        }
        return TypedResults.Ok(new Page<PublicRulingFigures>(items, page.Count > take ? cursors.Encode(items[^1].RulingId) : null));
    }

    /// <remarks>
    /// No key needed. Per calendar month in the ruling's time zone, from the month the ruling took effect to this month
    /// (or the month its last site window ends), and per engine: the URLs first requested that month and what became of
    /// them. The months of an engine add up to its figures in the list. Cached for up to 60 seconds, with an `ETag`.
    /// </remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    public static async Task<Results<Ok<PublicRulingMonths>, ProblemHttpResult>> GetRulingMonths(
        [ParameterExample("demo-ruling-in-force")] string rulingId, RulingsStore rulings, TransparencyStore store,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var ruling = await rulings.GetAsync(rulingId, cancellationToken);
        if (ruling is null) return Problems.NotFound($"Ruling '{rulingId}'");
        return TypedResults.Ok(PublicRulingMonths.From(ruling, await store.FiguresAsync(ruling, time.GetUtcNow(), cancellationToken)));
    }
}
