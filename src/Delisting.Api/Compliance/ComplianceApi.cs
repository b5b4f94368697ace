using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;

namespace Delisting.Api.Compliance;

public static class ComplianceApi
{
    /// <summary>This feature's services: its stores.</summary>
    public static IServiceCollection AddCompliance(this IServiceCollection services)
    {
        services.AddSingleton<ComplianceStore>();
        services.AddSingleton<ExportStore>();
        services.AddSingleton<ExportSlots>();
        return services;
    }

    public static RouteGroupBuilder MapCompliance(this IEndpointRouteBuilder routes)
    {
        // The ruling's parties (RulingScope): admins, its plaintiffs (another rights holder: 403), the engines it binds (another: 404).
        var group = routes.MapGroup("/v1/rulings/{rulingId}/compliance").WithTags("Rulings").RequireAuthorization(Policies.RulingParty)
            .ProducesProblem(403);

        group.MapGet("/", GetCompliance).WithName("GetRulingCompliance")
            .WithSummary("Per engine: how many items are pending, delisted on time or late, overdue; median hours to delist");
        group.MapGet("/export", ExportCompliance).WithName("ExportRulingCompliance")
            .WithSummary("Every item of the ruling as it stood at an instant, one row each, as CSV or JSON Lines: reproducible for a court")
            .Produces<string>(200, "text/csv", "application/jsonl")
            .AddOpenApiOperationTransformer(ComplianceExport.Document);

        return group;
    }

    /// <remarks>
    /// Visible to admins, the ruling's plaintiffs (another rights holder gets 403) and the engines it binds (another engine gets 404). Counts are
    /// derived from the clock when read.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    public static async Task<Results<Ok<ComplianceContract>, ProblemHttpResult>> GetCompliance(
        [ParameterExample("tgi-paris-2013-11-28-allostreaming")] string rulingId, HttpContext http, ComplianceStore compliance,
            TimeProvider time, CancellationToken cancellationToken)
    {
        var ruling = RulingScope.Of(http);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new ComplianceContract(ruling.Id, now, await compliance.ForRulingAsync(ruling.Id, ruling.Engines, now,
            cancellationToken)));
    }

    /// <remarks>
    /// One row per item (URL × engine) with its URL, site, notice, engine, first submission, running claimants, deadline,
    /// status, delisting instant, reason code and text, engine reference, timeliness (on-time, late, overdue, lapsed,
    /// not-yet-due) and the withdrawal and relisting instants, all as they stood at `asOf`. Built from the append-only
    /// history, so the same `asOf` gives the same bytes later, whatever happened since; `asOf` is echoed in the `As-Of`
    /// header and in the file name. Streamed: any size is read a page at a time. Rows are ordered by the URL's hash under
    /// the ruling, then by engine. In CSV, text that a spreadsheet would run as a formula starts with an apostrophe.
    /// Visible to admins and the ruling's plaintiffs (another rights holder gets 403); an engine the ruling binds reads
    /// its own rows (another engine's → 403).
    /// </remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="engine">
    /// Only this engine's rows (one the ruling binds); an engine's key reads its own engine's rows whether it names it or not.</param>
    /// <param name="format">
    /// `csv` (RFC 4180 with a header row) or `jsonl` (one JSON object per line). Default: `jsonl` when Accept names application/jsonl or
    /// application/x-ndjson and not text/csv, else `csv`.</param>
    /// <param name="asOf">
    /// The instant to export, RFC 3339 with `Z` or an offset (encode `+` as `%2B`); default now, to the second. Not in the future.</param>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportCompliance(
        [ParameterExample("tgi-paris-2013-11-28-allostreaming")] string rulingId, [ParameterExample("google")] string? engine,
        [ParameterExample("csv")] string? format, string? asOf, HttpContext http,
        ExportStore export, ExportSlots slots, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var ruling = RulingScope.Of(http);
        if (caller.Role == Roles.Engine)
        {
            if (engine is not null
                && engine != caller.Engine) return Problems.Forbidden($"This key exports the rows of '{caller.Engine}', not '{engine}'.");
            engine = caller.Engine;
        }
        // Without `format`, an Accept that names JSON Lines (and not CSV) chooses it.
        format ??= ComplianceExport.FormatFromAccept(http.Request.Headers.Accept.ToString());
        var request = ComplianceExport.Read(ruling, engine, format, asOf, time.GetUtcNow());
        if (request.Problem is { } problem) return problem;
        if (slots.TryTake() is not { } slot)
        {
            http.Response.Headers.RetryAfter = ExportSlots.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Create(503, "Service unavailable",
                $"This instance is already streaming its most exports at once; retry after {ExportSlots.RetryAfterSeconds} seconds.");
        }
        http.Response.RegisterForDispose(slot);

        http.Response.Headers[ComplianceExport.AsOfHeader] = ExportWriter.Instant(request.AsOf);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(
            body => ExportWriter.WriteAsync(body, request.Format, ComplianceExport.Rows(export, ruling.Id, engine, request.AsOf, cancellationToken),
                cancellationToken),
            ExportWriter.ContentType(request.Format), ComplianceExport.FileName(ruling.Id, engine, request));
    }
}
