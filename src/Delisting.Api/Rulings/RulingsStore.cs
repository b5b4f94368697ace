using System.Data.Common;
using Dapper;
using Delisting.Api.Data;

namespace Delisting.Api.Rulings;

public sealed class RulingsStore(Database database)
{
    private const string RulingColumns =
        "id, court, case_reference, decided_on, served_on, time_zone, compliance_days, in_force_until, note";

    private const string SelectById = $"SELECT {RulingColumns} FROM rulings WHERE id = @Id";

    // An engine sees only the rulings that bind it; everyone else sees all of them (@Engine is null).
    private const string SelectPage = $"""
        SELECT {RulingColumns} FROM rulings r
        WHERE r.id > @After
          AND (@Engine IS NULL OR EXISTS (SELECT 1 FROM ruling_engines re WHERE re.ruling_id = r.id AND re.engine_id = @Engine))
        ORDER BY r.id
        """;

    private const string SelectSites = "SELECT ruling_id, domain, network FROM ruling_sites WHERE ruling_id IN @Ids ORDER BY ruling_id, domain";
    private const string SelectPlaintiffs = "SELECT ruling_id, organisation_id AS value FROM ruling_plaintiffs WHERE ruling_id IN @Ids ORDER BY ruling_id, organisation_id";
    private const string SelectEngines = "SELECT ruling_id, engine_id AS value FROM ruling_engines WHERE ruling_id IN @Ids ORDER BY ruling_id, engine_id";

    private const string InsertRuling = """
        INSERT INTO rulings (id, court, case_reference, decided_on, served_on, time_zone, compliance_days, in_force_until, note, created_at)
        VALUES (@Id, @Court, @CaseReference, @DecidedOn, @ServedOn, @TimeZone, @ComplianceDays, @InForceUntil, @Note, @CreatedAt)
        """;
    private const string InsertSite = "INSERT INTO ruling_sites (ruling_id, domain, network) VALUES (@RulingId, @Domain, @Network)";
    private const string InsertPlaintiff = "INSERT INTO ruling_plaintiffs (ruling_id, organisation_id) VALUES (@RulingId, @OrganisationId)";
    private const string InsertEngine = "INSERT INTO ruling_engines (ruling_id, engine_id) VALUES (@RulingId, @EngineId)";
    private const string CountById = "SELECT COUNT(*) FROM rulings WHERE id = @Id";
    private const string KnownEngines = "SELECT id FROM engines WHERE id IN @Ids";
    private const string KnownOrganisations = "SELECT id FROM organisations WHERE id IN @Ids";

    public async Task<Ruling?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RulingRow>(new CommandDefinition(SelectById, new { Id = id }, cancellationToken: cancellationToken));
        if (row is null) return null;
        return (await AssembleAsync(connection, [row], cancellationToken))[0];
    }

    public async Task<IReadOnlyList<Ruling>> ListAsync(string? afterId, int limit, string? engine, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RulingRow>(new CommandDefinition(
            SelectPage + database.Dialect.Limit("@Limit"),
            new { After = afterId ?? "", Engine = engine, Limit = limit }, cancellationToken: cancellationToken))).ToList();
        return await AssembleAsync(connection, rows, cancellationToken);
    }

    /// <summary>Which of the given engine and organisation ids do not exist.</summary>
    public async Task<(IReadOnlyList<string> Engines, IReadOnlyList<string> Organisations)> FindUnknownAsync(
        IReadOnlyList<string> engines, IReadOnlyList<string> organisations, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var knownEngines = (await connection.QueryAsync<string>(new CommandDefinition(KnownEngines, new { Ids = engines }, cancellationToken: cancellationToken))).ToHashSet();
        var knownOrganisations = (await connection.QueryAsync<string>(new CommandDefinition(KnownOrganisations, new { Ids = organisations }, cancellationToken: cancellationToken))).ToHashSet();
        return (engines.Where(e => !knownEngines.Contains(e)).ToList(), organisations.Where(o => !knownOrganisations.Contains(o)).ToList());
    }

    /// <summary>Stores a ruling with its sites, plaintiffs and engines in one transaction; false when the id is taken.</summary>
    public async Task<bool> InsertAsync(Ruling ruling, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = Database.BeginWrite(connection);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountById, new { ruling.Id }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(InsertRuling, new
        {
            ruling.Id, ruling.Court, ruling.CaseReference, ruling.DecidedOn, ruling.ServedOn, ruling.TimeZone,
            ruling.ComplianceDays, ruling.InForceUntil, ruling.Note, CreatedAt = now,
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertSite,
            ruling.Sites.Select(s => new { RulingId = ruling.Id, s.Domain, s.Network }), transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertPlaintiff,
            ruling.Plaintiffs.Select(p => new { RulingId = ruling.Id, OrganisationId = p }), transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertEngine,
            ruling.Engines.Select(e => new { RulingId = ruling.Id, EngineId = e }), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<IReadOnlyList<Ruling>> AssembleAsync(DbConnection connection, IReadOnlyList<RulingRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return [];
        var ids = new { Ids = rows.Select(r => r.Id).ToArray() };
        var sites = (await connection.QueryAsync<SiteRow>(new CommandDefinition(SelectSites, ids, cancellationToken: cancellationToken))).ToLookup(s => s.RulingId);
        var plaintiffs = (await connection.QueryAsync<LinkRow>(new CommandDefinition(SelectPlaintiffs, ids, cancellationToken: cancellationToken))).ToLookup(p => p.RulingId, p => p.Value);
        var engines = (await connection.QueryAsync<LinkRow>(new CommandDefinition(SelectEngines, ids, cancellationToken: cancellationToken))).ToLookup(e => e.RulingId, e => e.Value);
        return rows.Select(r => new Ruling(r.Id, r.Court, r.CaseReference, r.DecidedOn, r.ServedOn, r.TimeZone, (int)r.ComplianceDays,
            r.InForceUntil, r.Note, plaintiffs[r.Id].ToList(), engines[r.Id].ToList(),
            sites[r.Id].Select(s => new RulingSite(s.Domain, s.Network)).ToList())).ToList();
    }

    private sealed class RulingRow
    {
        public string Id { get; init; } = "";
        public string Court { get; init; } = "";
        public string CaseReference { get; init; } = "";
        public DateOnly DecidedOn { get; init; }
        public DateOnly? ServedOn { get; init; }
        public string TimeZone { get; init; } = "";
        public long ComplianceDays { get; init; }
        public DateOnly InForceUntil { get; init; }
        public string? Note { get; init; }
    }

    private sealed class SiteRow
    {
        public string RulingId { get; init; } = "";
        public string Domain { get; init; } = "";
        public string? Network { get; init; }
    }

    private sealed class LinkRow
    {
        public string RulingId { get; init; } = "";
        public string Value { get; init; } = "";
    }
}
