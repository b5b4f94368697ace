using System.Text.Json;
using Delisting.Api.Data;
using Delisting.Api.Rulings;
using Delisting.Api.Http;
using Delisting.Api.Changes;

namespace Delisting.Api.Mirrors;

/// <summary>Mirror reports of a ruling, and the ruling events their decisions leave.</summary>
public sealed class MirrorReportsStore(Database database)
{
    private const string Columns =
        "seq, id, ruling_id, organisation_id, domain, mirror_of, evidence, note, status, extension_id, dismissal_reason, created_at";

    private const string InsertReport = """
        INSERT INTO mirror_reports (id, ruling_id, organisation_id, domain, mirror_of, evidence, note, status, created_at, created_by)
        VALUES (@Id, @RulingId, @OrganisationId, @Domain, @MirrorOf, @Evidence, @Note, 'reported', @CreatedAt, @CreatedBy)
        """;

    // The open report of a domain under a ruling, if any (the filtered unique index allows one).
    private const string SelectOpenByDomain = "SELECT id FROM mirror_reports WHERE ruling_id = @RulingId AND domain = @Domain AND status = " +
        "'reported'";

    private const string SelectById = $"SELECT {Columns} FROM mirror_reports WHERE ruling_id = @RulingId AND id = @Id";

    private const string SelectPage = $"""
        SELECT {Columns} FROM mirror_reports
        WHERE ruling_id = @RulingId AND (@Status IS NULL OR status = @Status) AND seq > @After
        ORDER BY seq
        """;

    private const string Dismiss = """
        UPDATE mirror_reports SET status = 'dismissed', dismissal_reason = @Reason, decided_at = @Now
        WHERE ruling_id = @RulingId AND id = @Id AND status = 'reported'
        """;


    /// <summary>Stores a report and its `mirror-reported` event; the id of the open report of the domain when one exists.</summary>
    public async Task<(MirrorReportContract? Created, string? ExistingId)> InsertAsync(string rulingId, MirrorReportContract report, Caller caller,
        CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        if (await session.QuerySingleOrDefaultAsync<string>(SelectOpenByDomain, new { RulingId = rulingId, report.Domain }) is { } existing)
        {
            return (null, existing);
        }
        await session.ExecuteAsync(InsertReport, new
        {
            report.Id, RulingId = rulingId, OrganisationId = report.Organisation, report.Domain, report.MirrorOf,
            Evidence = JsonSerializer.Serialize(report.Evidence), report.Note, report.CreatedAt, CreatedBy = caller.KeyId,
        });
        await Evidence.Captures.InsertAsync(session, rulingId, null, report.Id, report.Captures);
        await RulingEventsStore.AppendAsync(session, RulingEventsStore.Event(rulingId, RulingEventTypes.MirrorReported, report.CreatedAt, caller,
            null, report.Id, null));
        await session.CommitAsync();
        return (report, null);
    }

    public async Task<MirrorReportContract?> GetAsync(string rulingId, string id, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        if (await session.QuerySingleOrDefaultAsync<ReportRow>(SelectById, new { RulingId = rulingId, Id = id }) is not { } row) return null;
        return row.ToContract() with { Captures = (await Evidence.Captures.OfReportsAsync(session, [row.Id]))[row.Id].ToList() };
    }

    public async Task<(IReadOnlyList<MirrorReportContract> Reports, long? Next)> ListAsync(string rulingId, string? status, long after, int limit,
        CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, more) = await session.QueryPageAsync<ReportRow>(SelectPage, new { RulingId = rulingId, Status = status, After = after }, limit);
        var captures = await Evidence.Captures.OfReportsAsync(session, rows.Select(r => r.Id));
        return (rows.Select(r => r.ToContract() with { Captures = captures[r.Id].ToList() }).ToList(), more ? rows[^1].Seq : null);
    }

    /// <summary>Dismisses a report still `reported`; false when it was decided meanwhile.</summary>
    public async Task<bool> DismissAsync(MirrorReportContract report, string reason, Caller caller, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);
        if (await session.ExecuteAsync(Dismiss, new { report.RulingId, report.Id, Reason = reason, Now = now }) != 1) return false;
        await RulingEventsStore.AppendAsync(session, RulingEventsStore.Event(report.RulingId, RulingEventTypes.MirrorDismissed, now, caller, null,
            report.Id, reason));
        await ChangeWriter.MirrorReportDecidedAsync(session, report.RulingId, report.Organisation, report.Id, MirrorReportStatus.Dismissed, reason,
            null, now);
        await session.CommitAsync();
        return true;
    }


    internal sealed class ReportRow
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public string RulingId { get; init; } = "";
        public string OrganisationId { get; init; } = "";
        public string Domain { get; init; } = "";
        public string MirrorOf { get; init; } = "";
        public string Evidence { get; init; } = "[]";
        public string? Note { get; init; }
        public string Status { get; init; } = "";
        public string? ExtensionId { get; init; }
        public string? DismissalReason { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public MirrorReportContract ToContract() => new(Id, RulingId, OrganisationId, Domain, MirrorOf,
            JsonSerializer.Deserialize<List<string>>(Evidence) ?? [], Note, Status, ExtensionId, DismissalReason, CreatedAt);
    }
}
