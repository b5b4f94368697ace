using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Mirrors;
using Delisting.Api.Rulings;
using Delisting.Api.Changes;

namespace Delisting.Api.Extensions;

/// <summary>Extensions of a ruling's site list: stored with their sites, the reports they include and a ruling event, in one transaction.</summary>
public sealed class ExtensionsStore(Database database)
{
    private const string Columns =
        "seq, id, ruling_id, basis, reference, decided_on, served_on, compliance_days, response_seconds, in_force_until, created_at";

    private const string InsertExtension = """
        INSERT INTO ruling_extensions (id, ruling_id, basis, reference, decided_on, served_on, compliance_days, response_seconds, in_force_until,
                                       created_at, created_by)
        VALUES (@Id, @RulingId, @Basis, @Reference, @DecidedOn, @ServedOn, @ComplianceDays, @ResponseSeconds, @InForceUntil, @CreatedAt, @CreatedBy)
        """;

    private const string IncludeReport = """
        UPDATE mirror_reports SET status = 'included', extension_id = @ExtensionId, decided_at = @Now
        WHERE ruling_id = @RulingId AND id = @Id AND status = 'reported'
        """;

    private const string SelectReports = """
        SELECT seq, id, ruling_id, organisation_id, domain, mirror_of, evidence, note, status, extension_id, dismissal_reason, created_at
        FROM mirror_reports WHERE ruling_id = @RulingId AND id IN @Ids
        """;

    private const string SelectPage = $"SELECT {Columns} FROM ruling_extensions WHERE ruling_id = @RulingId AND seq > @After ORDER BY seq";
    private const string SelectById = $"SELECT {Columns} FROM ruling_extensions WHERE ruling_id = @RulingId AND id = @Id";
    private const string SelectIncluded = "SELECT extension_id, id FROM mirror_reports WHERE extension_id IN @Ids ORDER BY seq";

    /// <summary>The ruling's reports among the ids, by id.</summary>
    public async Task<IReadOnlyDictionary<string, MirrorReportContract>> ReportsAsync(string rulingId, IEnumerable<string> ids,
        CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var rows = await session.QueryByKeysAsync<MirrorReportsStore.ReportRow, string>(SelectReports, "Ids", ids.Distinct(),
            new { RulingId = rulingId });
        return rows.Select(r => r.ToContract()).ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Stores the extension; false (nothing stored) when one of its reports was decided meanwhile.</summary>
    public async Task<bool> InsertAsync(ExtensionContract extension, IReadOnlyList<SiteWindow> sites, IReadOnlyList<string> engines,
        IReadOnlyDictionary<string, MirrorReportContract> reports, Caller caller, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);
        await session.ExecuteAsync(InsertExtension, new
        {
            extension.Id, extension.RulingId, extension.Basis, extension.Reference, extension.DecidedOn, extension.ServedOn,
            ComplianceDays = extension.ComplianceDays ?? 0, ResponseSeconds = RulingsStore.Seconds(sites[0].ResponseTime), extension.InForceUntil,
            extension.CreatedAt, CreatedBy = caller.KeyId,
        });
        await session.ExecuteAsync(RulingsStore.InsertSite, RulingsStore.SiteParameters(extension.RulingId, sites));
        var included = await session.ExecuteAsync(IncludeReport, extension.MirrorReports.Select(id => new
        {
            ExtensionId = extension.Id, Now = extension.CreatedAt, extension.RulingId, Id = id,
        }));
        if (included != extension.MirrorReports.Count) return false;
        await RulingEventsStore.AppendAsync(session,
            RulingEventsStore.Event(extension.RulingId, RulingEventTypes.Extended, extension.CreatedAt, caller, extension.Id, null, null));
        await session.ExecuteAsync(RulingEventsStore.InsertEvent, RulingEventsStore.OverrideEvents(extension.RulingId, sites, extension.Id,
            extension.CreatedAt, caller));
        await ChangeWriter.RulingExtendedAsync(session, extension.RulingId, engines, extension.Id, extension.CreatedAt);
        foreach (var id in extension.MirrorReports)
        {
            await ChangeWriter.MirrorReportDecidedAsync(session, extension.RulingId, reports[id].Organisation, id, MirrorReportStatus.Included,
                null, extension.Id, extension.CreatedAt);
        }
        await session.CommitAsync();
        return true;
    }

    public async Task<(IReadOnlyList<ExtensionContract> Extensions, long? Next)> ListAsync(Ruling ruling, long after, int limit,
        CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, more) = await session.QueryPageAsync<ExtensionRow>(SelectPage, new { RulingId = ruling.Id, After = after }, limit);
        return (await AssembleAsync(session, ruling, rows), more ? rows[^1].Seq : null);
    }

    public async Task<ExtensionContract?> GetAsync(Ruling ruling, string id, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<ExtensionRow>(SelectById, new { RulingId = ruling.Id, Id = id });
        return row is null ? null : (await AssembleAsync(session, ruling, [row]))[0];
    }

    private static async Task<IReadOnlyList<ExtensionContract>> AssembleAsync(DbSession session, Ruling ruling, IReadOnlyList<ExtensionRow> rows)
    {
        var reports = (await session.QueryByKeysAsync<(string ExtensionId, string Id), string>(SelectIncluded, "Ids", rows.Select(r => r.Id)))
            .ToLookup(r => r.ExtensionId, r => r.Id);
        return rows.Select(r => new ExtensionContract(r.Id, r.RulingId, r.Basis, r.Reference, r.DecidedOn, r.ServedOn,
            RulingsStore.Days(r.ComplianceDays, r.ResponseSeconds), SiteContract.Format(RulingsStore.Duration(r.ResponseSeconds)), r.InForceUntil,
                ruling.Sites.Where(s => s.AddedBy == r.Id).Select(SiteContract.From).ToList(), reports[r.Id].ToList(), r.CreatedAt)).ToList();
    }

    private sealed class ExtensionRow
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public string RulingId { get; init; } = "";
        public string Basis { get; init; } = "";
        public string Reference { get; init; } = "";
        public DateOnly DecidedOn { get; init; }
        public DateOnly? ServedOn { get; init; }
        public long ComplianceDays { get; init; }
        public long? ResponseSeconds { get; init; }
        public DateOnly InForceUntil { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}
