using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Changes;

namespace Delisting.Api.Rulings;

/// <summary>
/// Writes the ruling-lapsing events that are due (contract v1.2): when the end of a site window is the warning period
/// away or less, each plaintiff organisation and each bound engine hears of it once per ruling and end instant. The
/// lapse_warnings key (ruling, end instant, feed, reader) remembers what was written, in the same transaction as the
/// feed rows: another instance or a restart finds it there, and a write that races one fails on that key.
/// </summary>
public sealed class LapseWarnings(Database database, RulingsStore rulings, IConfiguration configuration, TimeProvider time,
    ILogger<LapseWarnings> logger)
{
    public const int DefaultWarningDays = 30;

    // Rulings with a site window ending within the range (a day of slack at each end: the days are in each ruling's zone).
    private const string SelectEndingRulings = """
        SELECT DISTINCT ruling_id FROM ruling_sites WHERE in_force_until >= @FromDay AND in_force_until <= @ToDay ORDER BY ruling_id
        """;

    private const string CountWritten = "SELECT COUNT(*) FROM lapse_warnings WHERE ruling_id = @RulingId AND lapses_at = @LapsesAt";

    private const string SelectWritten = "SELECT feed, reader FROM lapse_warnings WHERE ruling_id = @RulingId AND lapses_at = @LapsesAt";

    private const string InsertWarning = """
        INSERT INTO lapse_warnings (ruling_id, lapses_at, feed, reader, change_id, written_at)
        VALUES (@RulingId, @LapsesAt, @Feed, @Reader, @ChangeId, @WrittenAt)
        """;

    // An engine's open items on the sites, still bound by the order (the one rule of ItemSql).
    private const string CountEngineOpen = $"""
        SELECT i.engine_id AS reader, COUNT(*) AS count
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId AND n.site IN @Sites AND {ItemSql.IsActive}
        GROUP BY i.engine_id
        """;

    // An organisation's open items: the items of the notices it still claims on the sites.
    private const string CountOrganisationOpen = $"""
        SELECT c.organisation_id AS reader, COUNT(*) AS count
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        JOIN (SELECT DISTINCT ru.notice_id, rq.organisation_id
              FROM request_urls ru JOIN requests rq ON rq.id = ru.request_id
              WHERE rq.ruling_id = @RulingId AND ru.withdrawn_at IS NULL) c ON c.notice_id = n.id
        WHERE n.ruling_id = @RulingId AND n.site IN @Sites AND {ItemSql.IsActive}
        GROUP BY c.organisation_id
        """;

    public int WarningDays => Math.Clamp(configuration.GetValue("Rulings:LapseWarningDays", DefaultWarningDays), 0, 3650);

    /// <summary>Writes every warning due now that is not written yet; returns how many events it wrote.</summary>
    public async Task<int> WriteDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var days = WarningDays;
        var utcToday = DateOnly.FromDateTime(now.UtcDateTime);
        List<string> candidates;
        await using (var session = await database.OpenAsync(cancellationToken))
        {
            candidates = await session.QueryAsync<string>(SelectEndingRulings, new { FromDay = utcToday.AddDays(-2),
                ToDay = utcToday.AddDays(days + 2) });
        }
        var written = 0;
        foreach (var rulingId in candidates)
        {
            if (await rulings.GetAsync(rulingId, cancellationToken) is not { } ruling) continue;
            foreach (var ending in ruling.Sites.GroupBy(s => s.ObligationEndsAt(ruling.Zone)))
            {
                if (now >= ending.Key || now < ending.Key.AddDays(-days)) continue;
                var sites = ending.Select(s => s.Domain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                try
                {
                    written += await WriteAsync(ruling, ending.Key, sites, now, cancellationToken);
                }
                catch (Exception e) when (DatabaseErrors.Classify(e) == DatabaseFailure.DuplicateKey)
                {
                    logger.LogInformation("Another instance wrote the lapse warning of ruling {RulingId} for {LapsesAt} first.", ruling.Id,
                        ending.Key);
                }
            }
        }
        return written;
    }

    private async Task<int> WriteAsync(Ruling ruling, DateTimeOffset lapsesAt, IReadOnlyList<string> sites, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var readers = ruling.Plaintiffs.Select(p => (Feed: "organisation", Reader: p)).Concat(ruling.Engines.Select(e => (Feed: "engine",
            Reader: e))).ToList();
        await using (var check = await database.OpenAsync(cancellationToken))
        {
            if (await check.ScalarAsync<long>(CountWritten, new { RulingId = ruling.Id, LapsesAt = lapsesAt }) >= readers.Count) return 0;
        }

        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);
        var done = (await session.QueryAsync<(string Feed, string Reader)>(SelectWritten, new { RulingId = ruling.Id,
            LapsesAt = lapsesAt })).ToHashSet();
        var missing = readers.Where(r => !done.Contains(r)).ToList();
        if (missing.Count == 0) return 0;
        var parameters = new { RulingId = ruling.Id, Now = now };
        var engineOpen = Sum(await session.QueryByKeysAsync<ReaderCount, string>(CountEngineOpen, "Sites", sites, parameters));
        var organisationOpen = Sum(await session.QueryByKeysAsync<ReaderCount, string>(CountOrganisationOpen, "Sites", sites, parameters));
        var events = missing.Select(r => (r.Feed, r.Reader,
            (r.Feed == "engine" ? engineOpen : organisationOpen).GetValueOrDefault(r.Reader))).ToList();
        var ids = await ChangeWriter.RulingLapsingAsync(session, ruling.Id, lapsesAt, sites, events, now);
        await session.ExecuteAsync(InsertWarning, missing.Select((r, i) => new
        {
            RulingId = ruling.Id, LapsesAt = lapsesAt, r.Feed, r.Reader, ChangeId = ids[i], WrittenAt = now,
        }));
        await session.CommitAsync();
        return missing.Count;
    }

    private static Dictionary<string, long> Sum(IEnumerable<ReaderCount> rows) =>
        rows.GroupBy(r => r.Reader, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal);

    private sealed class ReaderCount
    {
        public string Reader { get; init; } = "";
        public long Count { get; init; }
    }
}

/// <summary>Runs <see cref="LapseWarnings"/> at start-up and then every 30 seconds of the service's clock.</summary>
public sealed class LapseWarner(LapseWarnings warnings, TimeProvider time, ILogger<LapseWarner> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await warnings.WriteDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Writing lapse warnings failed; the next run tries again.");
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
