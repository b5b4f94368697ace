using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Extensions;

/// <summary>An admin extends a ruling's site list; whoever may read the ruling reads its extensions.</summary>
public static class ExtensionsApi
{
    public static IServiceCollection AddExtensions(this IServiceCollection services) => services.AddSingleton<ExtensionsStore>();

    public static RouteGroupBuilder MapExtensions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/rulings/{rulingId}/extensions").WithTags("Extensions").RequireAuthorization(Policies.RulingReader);

        group.MapPost("/", ExtendRuling).WithName("ExtendRuling")
            .WithSummary("Add sites to a ruling by a court decision or an ARCOM request, including mirror reports (admin)")
            .RequireAuthorization(Roles.Admin)
            .WithValidation(secondStage: true)
            .ProducesProblem(409);
        group.MapGet("/", ListExtensions).WithName("ListExtensions")
            .WithSummary("The ruling's extensions, oldest first");
        group.MapGet("/{extensionId}", GetExtension).WithName("GetExtension")
            .WithSummary("One extension with the sites it added and the reports it included");
        return group;
    }

    /// <remarks>
    /// A court decision may run past the ruling's inForceUntil; an ARCOM request is capped by it, needs mirrorOf on
    /// every site, and cannot extend a ruling whose own window is over (422 on basis). Sites are normalized and checked
    /// like ruling sites; listed mirror reports become included. A site that is or covers a protected host needs
    /// protectedHostOverride, which only a court decision may give. All or nothing: any error is a 422 and nothing is stored.
    /// </remarks>
    /// <param name="rulingId">Id (slug) of the ruling to extend.</param>
    /// <param name="body">The decision or request and the sites it adds.</param>
    public static async Task<Results<Created<ExtensionContract>, ProblemHttpResult>> ExtendRuling(
        [ParameterExample("demo-ruling-in-force")] string rulingId, ExtensionBody body, HttpContext http, ExtensionsStore extensions,
        Domain.ProtectedHostLookup protectedHosts, TimeProvider time, CancellationToken cancellationToken)
    {
        var ruling = RulingScope.Of(http);
        var now = time.GetUtcNow();
        var id = Ids.New("ext");
        var reports = await extensions.ReportsAsync(ruling.Id, (body.MirrorReports ?? []).OfType<string>(), cancellationToken);
        var errors = ValidationFindings.Of(http);
        var sites = ExtensionRules.Check(ruling, body, id, reports, await protectedHosts(cancellationToken), ruling.Today(now), errors);
        if (errors.Count > 0) return Problems.Validation(errors, $"The extension of ruling '{ruling.Id}' is refused; nothing was stored.");

        var extension = new ExtensionContract(id, ruling.Id, body.Basis!, body.Reference!.Trim(), body.DecidedOn!.Value, body.ServedOn,
            sites[0].ComplianceDays, SiteContract.Format(sites[0].ResponseTime), sites[0].InForceUntil, sites.Select(SiteContract.From).ToList(),
            (body.MirrorReports ?? []).OfType<string>().ToList(), now);
        if (!await extensions.InsertAsync(extension, sites, ruling.Engines, reports, Caller.From(http.User), cancellationToken))
        {
            return Problems.Conflict("A mirror report of this extension was decided meanwhile; nothing was stored. Read the reports again and " +
                "resend.");
        }
        return TypedResults.Created($"/v1/rulings/{ruling.Id}/extensions/{id}", extension);
    }

    /// <remarks>Oldest first. Whoever may read the ruling may read its extensions.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<ExtensionContract>>, ProblemHttpResult>> ListExtensions(
        Cursors cursors,
        [ParameterExample("demo-ruling-in-force")] string rulingId, int? limit, string? after, HttpContext http,
            ExtensionsStore extensions, CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var (page, next) = await extensions.ListAsync(RulingScope.Of(http), afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<ExtensionContract>(page, next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>Whoever may read the ruling may read its extensions.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="extensionId">Id of the extension (ext_…).</param>
    public static async Task<Results<Ok<ExtensionContract>, ProblemHttpResult>> GetExtension(
        [ParameterExample("demo-ruling-in-force")] string rulingId,
        [ParameterExample("ext_5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b")] string extensionId, HttpContext http,
            ExtensionsStore extensions, CancellationToken cancellationToken)
    {
        return await extensions.GetAsync(RulingScope.Of(http), extensionId, cancellationToken) is { } extension
            ? TypedResults.Ok(extension)
            : Problems.NotFound($"Extension '{extensionId}' of ruling '{rulingId}'");
    }
}
