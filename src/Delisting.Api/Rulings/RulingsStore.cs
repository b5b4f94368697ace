using Delisting.Api.Data;
using Delisting.Api.Domain;

namespace Delisting.Api.Rulings;

public sealed class RulingsStore(Database database)
{
    // An urgent order stores compliance_days 0 beside its response_seconds: the column predates response times and
    // SQLite cannot make it nullable without rebuilding rulings, which every other table references.
    private const string RulingColumns =
        "id, court, case_reference, decided_on, served_on, time_zone, compliance_days, response_seconds, in_force_until, note";

    private const string SelectById = $"SELECT {RulingColumns} FROM rulings WHERE id = @Id";

    // An engine sees only the rulings that bind it; everyone else sees all of them (@Engine is null).
    private const string SelectPage = $"""
        SELECT {RulingColumns} FROM rulings r
        WHERE r.id > @After
          AND (@Engine IS NULL OR EXISTS (SELECT 1 FROM ruling_engines re WHERE re.ruling_id = r.id AND re.engine_id = @Engine))
        ORDER BY r.id
        """;

    private const string SelectSites = """
        SELECT ruling_id, domain, network, mirror_of, added_by, in_force_from, in_force_until, served_on, compliance_days, response_seconds,
               protected_host_override
        FROM ruling_sites WHERE ruling_id IN @Ids ORDER BY ruling_id, domain, seq
        """;
    private const string SelectPlaintiffs = "SELECT ruling_id, organisation_id AS value FROM ruling_plaintiffs WHERE ruling_id IN @Ids ORDER BY " +
        "ruling_id, organisation_id";
    private const string SelectEngines = "SELECT ruling_id, engine_id AS value FROM ruling_engines WHERE ruling_id IN @Ids ORDER BY ruling_id, " +
        "engine_id";

    private const string InsertRuling = """
        INSERT INTO rulings (id, court, case_reference, decided_on, served_on, time_zone, compliance_days, response_seconds, in_force_until, note,
                             created_at)
        VALUES (@Id, @Court, @CaseReference, @DecidedOn, @ServedOn, @TimeZone, @ComplianceDays, @ResponseSeconds, @InForceUntil, @Note, @CreatedAt)
        """;
    /// <summary>Adds a site with its window; the extensions store adds its sites with it too.</summary>
    public const string InsertSite = """
        INSERT INTO ruling_sites (ruling_id, domain, network, mirror_of, added_by, in_force_from, in_force_until, served_on, compliance_days,
                                  response_seconds, protected_host_override)
        VALUES (@RulingId, @Domain, @Network, @MirrorOf, @AddedBy, @InForceFrom, @InForceUntil, @ServedOn, @ComplianceDays, @ResponseSeconds,
                @ProtectedHostOverride)
        """;
    private const string InsertPlaintiff = "INSERT INTO ruling_plaintiffs (ruling_id, organisation_id) VALUES (@RulingId, @OrganisationId)";
    private const string InsertEngine = "INSERT INTO ruling_engines (ruling_id, engine_id) VALUES (@RulingId, @EngineId)";
    private const string SelectRulingsWithUnsetObligations = "SELECT DISTINCT ruling_id FROM notices WHERE obligation_ends_at IS NULL";

    private const string SetObligations = """
        UPDATE notices SET obligation_ends_at = @EndsAt
        WHERE ruling_id = @RulingId AND site = @Site AND obligation_ends_at IS NULL
        """;

    private const string CountById = "SELECT COUNT(*) FROM rulings WHERE id = @Id";
    private const string KnownEngines = "SELECT id FROM engines WHERE id IN @Ids";
    private const string KnownOrganisations = "SELECT id FROM organisations WHERE id IN @Ids";

    public async Task<Ruling?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<RulingRow>(SelectById, new { Id = id });
        if (row is null) return null;
        return (await AssembleAsync(session, [row]))[0];
    }

    public async Task<IReadOnlyList<Ruling>> ListAsync(string? afterId, int limit, string? engine, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, _) = await session.QueryPageAsync<RulingRow>(SelectPage, new { After = afterId ?? "", Engine = engine }, limit);
        return await AssembleAsync(session, rows);
    }

    /// <summary>Which of the given engine and organisation ids do not exist.</summary>
    public async Task<(IReadOnlyList<string> Engines, IReadOnlyList<string> Organisations)> FindUnknownAsync(
        IReadOnlyList<string> engines, IReadOnlyList<string> organisations, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var knownEngines = (await session.QueryByKeysAsync<string, string>(KnownEngines, "Ids", engines)).ToHashSet();
        var knownOrganisations = (await session.QueryByKeysAsync<string, string>(KnownOrganisations, "Ids", organisations)).ToHashSet();
        return (engines.Where(e => !knownEngines.Contains(e)).ToList(), organisations.Where(o => !knownOrganisations.Contains(o)).ToList());
    }

    /// <summary>
    /// Stores a ruling with its sites, plaintiffs and engines in one transaction; false when the id is taken. The overrides of its
    /// sites are recorded in its events as <paramref name="caller"/>'s (a seeded ruling carries none).
    /// </summary>
    public async Task<bool> InsertAsync(Ruling ruling, DateTimeOffset now, CancellationToken cancellationToken, Http.Caller? caller = null)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        if (await session.ScalarAsync<long>(CountById, new { ruling.Id }) > 0) return false;
        await session.ExecuteAsync(InsertRuling, new
        {
            ruling.Id, ruling.Court, ruling.CaseReference, ruling.DecidedOn, ruling.ServedOn, ruling.TimeZone,
            ComplianceDays = ruling.ComplianceDays ?? 0, ResponseSeconds = Seconds(ruling.ResponseTime), ruling.InForceUntil, ruling.Note,
            CreatedAt = now,
        });
        await session.ExecuteAsync(InsertSite, SiteParameters(ruling.Id, ruling.Sites));
        await session.ExecuteAsync(InsertPlaintiff, ruling.Plaintiffs.Select(p => new { RulingId = ruling.Id, OrganisationId = p }));
        await session.ExecuteAsync(InsertEngine, ruling.Engines.Select(e => new { RulingId = ruling.Id, EngineId = e }));
        if (caller is not null) await session.ExecuteAsync(RulingEventsStore.InsertEvent, RulingEventsStore.OverrideEvents(ruling.Id, ruling.Sites,
            null, now, caller));
        await session.CommitAsync();
        return true;
    }

    /// <summary>
    /// Notices stored before obligations were recorded get the end of their site's window (computed here, in the
    /// ruling's time zone, which SQL cannot do). Runs at start-up; finds nothing to do once done.
    /// </summary>
    public async Task FillObligationsAsync(CancellationToken cancellationToken)
    {
        List<string> rulingIds;
        await using (var session = await database.OpenAsync(cancellationToken))
        {
            rulingIds = await session.QueryAsync<string>(SelectRulingsWithUnsetObligations);
        }
        foreach (var rulingId in rulingIds)
        {
            if (await GetAsync(rulingId, cancellationToken) is not { } ruling) continue;
            await using var session = await database.WriteAsync(cancellationToken);
            // Before extensions existed a domain had one site: the latest window of each domain is the one.
            foreach (var site in ruling.Sites.GroupBy(s => s.Domain).Select(g => g.MaxBy(s => s.InForceUntil)!))
            {
                await session.ExecuteAsync(SetObligations, new { EndsAt = site.ObligationEndsAt(ruling.Zone), RulingId = ruling.Id,
                    Site = site.Domain });
            }
            await session.CommitAsync();
        }
    }

    private static async Task<IReadOnlyList<Ruling>> AssembleAsync(DbSession session, IReadOnlyList<RulingRow> rows)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var sites = (await session.QueryByKeysAsync<SiteRow, string>(SelectSites, "Ids", ids)).ToLookup(s => s.RulingId);
        var plaintiffs = (await session.QueryByKeysAsync<LinkRow, string>(SelectPlaintiffs, "Ids", ids)).ToLookup(p => p.RulingId, p => p.Value);
        var engines = (await session.QueryByKeysAsync<LinkRow, string>(SelectEngines, "Ids", ids)).ToLookup(e => e.RulingId, e => e.Value);
        return rows.Select(r => new Ruling(r.Id, r.Court, r.CaseReference, r.DecidedOn, r.ServedOn, r.TimeZone,
            Days(r.ComplianceDays, r.ResponseSeconds), r.InForceUntil, r.Note, plaintiffs[r.Id].ToList(), engines[r.Id].ToList(),
            sites[r.Id].Select(s => new SiteWindow(s.Domain, s.Network, s.MirrorOf, s.AddedBy, s.InForceFrom, s.InForceUntil,
                s.ServedOn, Days(s.ComplianceDays, s.ResponseSeconds), Duration(s.ResponseSeconds), s.ProtectedHostOverride)).ToList(),
            Duration(r.ResponseSeconds))).ToList();
    }

    /// <summary>A response time as stored (whole seconds), or null.</summary>
    public static long? Seconds(TimeSpan? responseTime) => responseTime is { } value ? (long)value.TotalSeconds : null;

    /// <summary>A stored response time, or null.</summary>
    public static TimeSpan? Duration(long? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : null;

    /// <summary>Stored compliance days: none when the row has a response time.</summary>
    public static int? Days(long complianceDays, long? responseSeconds) => responseSeconds is null ? (int)complianceDays : null;

    private sealed class RulingRow
    {
        public string Id { get; init; } = "";
        public string Court { get; init; } = "";
        public string CaseReference { get; init; } = "";
        public DateOnly DecidedOn { get; init; }
        public DateOnly? ServedOn { get; init; }
        public string TimeZone { get; init; } = "";
        public long ComplianceDays { get; init; }
        public long? ResponseSeconds { get; init; }
        public DateOnly InForceUntil { get; init; }
        public string? Note { get; init; }
    }

    public static IEnumerable<object> SiteParameters(string rulingId, IEnumerable<SiteWindow> sites) => sites.Select(s => new
    {
        RulingId = rulingId, s.Domain, s.Network, s.MirrorOf, s.AddedBy, s.InForceFrom, s.InForceUntil, s.ServedOn,
        ComplianceDays = s.ComplianceDays ?? 0, ResponseSeconds = Seconds(s.ResponseTime), s.ProtectedHostOverride,
    });

    private sealed class SiteRow
    {
        public string RulingId { get; init; } = "";
        public string Domain { get; init; } = "";
        public string? Network { get; init; }
        public string? MirrorOf { get; init; }
        public string? AddedBy { get; init; }
        public DateOnly InForceFrom { get; init; }
        public DateOnly InForceUntil { get; init; }
        public DateOnly? ServedOn { get; init; }
        public long ComplianceDays { get; init; }
        public long? ResponseSeconds { get; init; }
        public string? ProtectedHostOverride { get; init; }
    }

    private sealed class LinkRow
    {
        public string RulingId { get; init; } = "";
        public string Value { get; init; } = "";
    }
}
