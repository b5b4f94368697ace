using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Mirrors;

/// <summary>Rights holders report mirrors of a ruling's sites; an admin includes them by an extension or dismisses them.</summary>
public static class MirrorReportsApi
{
    public static IServiceCollection AddMirrorReports(this IServiceCollection services) => services.AddSingleton<MirrorReportsStore>();

    public static RouteGroupBuilder MapMirrorReports(this IEndpointRouteBuilder routes)
    {
        // The ruling's parties (RulingScope): admins, its plaintiffs (another rights holder: 403), the engines it binds (another: 404).
        var group = routes.MapGroup("/v1/rulings/{rulingId}/mirror-reports").WithTags("Mirror reports")
            .RequireAuthorization(Policies.RulingParty);

        group.MapPost("/", ReportMirror).WithName("ReportMirror")
            .WithSummary("Report a domain that reproduces a site of the ruling (a plaintiff's rights holder)")
            .RequireAuthorization(Roles.RightsHolder)
            .WithValidation(secondStage: true)
            .Produces<ExistingResourceProblem>(409, "application/problem+json")
            .ProducesProblem(403);
        group.MapGet("/", ListMirrorReports).WithName("ListMirrorReports")
            .WithSummary("The ruling's mirror reports, oldest first (admins, the ruling's plaintiffs, the engines it binds)")
            .ProducesProblem(403);
        group.MapGet("/{reportId}", GetMirrorReport).WithName("GetMirrorReport")
            .WithSummary("One mirror report")
            .ProducesProblem(403);
        group.MapPost("/{reportId}/dismissal", DismissMirrorReport).WithName("DismissMirrorReport")
            .WithSummary("Dismiss a report still `reported`, with a reason (admin); a decided report is final (409)")
            .RequireAuthorization(Roles.Admin)
            .WithValidation()
            .ProducesProblem(409);
        return group;
    }

    /// <remarks>
    /// The domain is normalized like ruling sites and must not be covered already by a site of the ruling whose window
    /// has not ended, and must not be or cover a protected host (GET /v1/protected-hosts); mirrorOf must be a site of the ruling; evidence holds 1 to
    /// 20 http(s) URLs on the reported domain.
    /// A domain already reported and still reported under the ruling is 409 with existingId.
    /// </remarks>
    /// <param name="rulingId">Id (slug) of the ruling; your organisation must be one of its plaintiffs.</param>
    /// <param name="body">The mirror and the evidence.</param>
    public static async Task<Results<Created<MirrorReportContract>, ProblemHttpResult>> ReportMirror(
        [ParameterExample("demo-ruling-in-force")] string rulingId, MirrorReportBody body, HttpContext http, MirrorReportsStore reports,
        ProtectedHostLookup protectedHosts, Evidence.EvidenceStore evidenceStore, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var ruling = RulingScope.Of(http);
        if (caller.Role != Roles.RightsHolder)
        {
            return Problems.Forbidden($"Only a rights holder of a plaintiff of ruling '{ruling.Id}' reports its mirrors.");
        }
        var now = time.GetUtcNow();
        var errors = ValidationFindings.Of(http);
        var domainValid = !ValidationFindings.Failed(errors, "domain");
        var domain = "";
        if (domainValid) HostNames.TryNormalizeDomain(body.Domain, out domain, out _);
        var index = ruling.SiteIndex();
        if (domainValid && index.CoveringNotEnded(domain, ruling.Today(now)) is { } covering)
        {
            errors["domain"] = [$"'{domain}' is already covered by site '{covering.Domain}' of ruling '{ruling.Id}' (in force until " +
                $"{covering.InForceUntil:yyyy-MM-dd})."];
        }
        else if (domainValid && (await protectedHosts(cancellationToken)).DomainRefusal(domain,
                     "It cannot be reported as a mirror; only a court decision can list it " +
                     "(an extension with protectedHostOverride).") is { } refusal)
        {
            errors["domain"] = [refusal];
        }
        var mirrorOf = "";
        if (!ValidationFindings.Failed(errors, "mirrorOf"))
        {
            HostNames.TryNormalizeDomain(body.MirrorOf, out mirrorOf, out _);
            if (!index.HasDomain(mirrorOf))
            {
                errors["mirrorOf"] = [$"'{body.MirrorOf}' is not a site of ruling '{ruling.Id}' (see GET /v1/rulings/{ruling.Id})."];
            }
        }
        var evidence = new List<string>();
        var evidenceListed = domainValid && body.Evidence is not null && !errors.ContainsKey("evidence");
        for (var i = 0; evidenceListed && i < body.Evidence!.Count; i++)
        {
            if (ValidationFindings.Failed(errors, $"evidence[{i}]")) continue;
            var check = UrlNormalizer.Normalize(body.Evidence[i]);
            if (!SiteIndex.Covers(domain, check.Host!)) errors[$"evidence[{i}]"] = [$"The URL is not on the reported domain '{domain}'."];
            else evidence.Add(check.Url!);
        }
        var captures = new List<Evidence.CaptureContract>();
        if (domainValid && !ValidationFindings.Failed(errors, "captures"))
        {
            (captures, var refused) = await Evidence.Captures.CheckAsync(body.Captures, evidenceStore, now,
                url => SiteIndex.Covers(domain, UrlNormalizer.Normalize(url).Host!),
                $"The captured URL is not on the reported domain '{domain}'.", cancellationToken);
            foreach (var (path, messages) in refused) errors[path] = messages;
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var report = new MirrorReportContract(Ids.New("mir"), ruling.Id, caller.Organisation!, domain, mirrorOf, evidence,
            string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(), MirrorReportStatus.Reported, null, null, now) { Captures = captures };
        var (created, existingId) = await reports.InsertAsync(ruling.Id, report, caller, cancellationToken);
        if (created is null)
        {
            return Problems.Conflict($"'{domain}' is already reported under ruling '{ruling.Id}' and awaits a decision.",
                new Dictionary<string, object?> { ["existingId"] = existingId });
        }
        return TypedResults.Created($"/v1/rulings/{ruling.Id}/mirror-reports/{created.Id}", created);
    }

    /// <remarks>Oldest first. Visible to admins, the ruling's plaintiffs and the engines it binds.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="status">Only the reports with this status.</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<MirrorReportContract>>, ProblemHttpResult>> ListMirrorReports(
        Cursors cursors,
        [ParameterExample("demo-ruling-in-force")] string rulingId, [Vocabulary(typeof(MirrorReportStatus))] string? status, int? limit,
            string? after, HttpContext http, MirrorReportsStore reports,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        if (status is not null && !MirrorReportStatus.All.Contains(status))
        {
            return Problems.BadRequest($"status must be one of {string.Join(", ", MirrorReportStatus.All)}; got '{status}'.");
        }
        var (page, next) = await reports.ListAsync(rulingId, status, afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<MirrorReportContract>(page, next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>Visible to admins, the ruling's plaintiffs and the engines it binds.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="reportId">Id of the report (mir_…).</param>
    public static async Task<Results<Ok<MirrorReportContract>, ProblemHttpResult>> GetMirrorReport(
        [ParameterExample("demo-ruling-in-force")] string rulingId, [ParameterExample("mir_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d")] string reportId,
            HttpContext http, MirrorReportsStore reports, CancellationToken cancellationToken)
    {
        return await reports.GetAsync(rulingId, reportId, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : Problems.NotFound($"Mirror report '{reportId}' of ruling '{rulingId}'");
    }

    /// <remarks>Only a report still reported can be dismissed; included and dismissed are final (409).</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="reportId">Id of the report (mir_…).</param>
    /// <param name="body">The reason.</param>
    public static async Task<Results<Ok<MirrorReportContract>, ProblemHttpResult>> DismissMirrorReport(
        [ParameterExample("demo-ruling-in-force")] string rulingId, [ParameterExample("mir_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d")] string reportId,
            DismissalBody body, HttpContext http, MirrorReportsStore reports, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var report = await reports.GetAsync(rulingId, reportId, cancellationToken);
        if (report is null) return Problems.NotFound($"Mirror report '{reportId}' of ruling '{rulingId}'");
        if (report.Status != MirrorReportStatus.Reported
            || !await reports.DismissAsync(report, body.Reason!.Trim(), Caller.From(http.User), time.GetUtcNow(), cancellationToken))
        {
            return Problems.Conflict($"Mirror report '{reportId}' is already decided; a decision is final.");
        }
        return TypedResults.Ok((await reports.GetAsync(rulingId, reportId, cancellationToken))!);
    }
}
