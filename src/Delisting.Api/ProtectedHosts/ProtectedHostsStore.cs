using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Changes;
using Delisting.Api.Http;

namespace Delisting.Api.ProtectedHosts;

/// <summary>The entry recorded, or the id of the entry that already protects the host (nothing stored).</summary>
public sealed record ProtectedHostInsert(ProtectedHostCreated? Created, string? ExistingId);

/// <summary>
/// The protected-host list: read whole for matching (it holds tens of entries), paged for clients, written by admins and the
/// seeder. A seeded entry an admin deleted is remembered (protected_host_removals) so the seeder does not put it back.
/// </summary>
public sealed class ProtectedHostsStore(Database database)
{
    private const string Columns = "seq, id, host, include_subdomains, reason, created_at, created_by";

    private const string SelectAll = $"SELECT {Columns} FROM protected_hosts ORDER BY seq";

    private const string SelectPage = $"SELECT {Columns} FROM protected_hosts WHERE seq > @After ORDER BY seq";

    private const string SelectIdByHost = "SELECT id FROM protected_hosts WHERE host = @Host";

    private const string SelectById = $"SELECT {Columns} FROM protected_hosts WHERE id = @Id";

    private const string Insert = """
        INSERT INTO protected_hosts (id, host, include_subdomains, reason, created_at, created_by)
        VALUES (@Id, @Host, @IncludeSubdomains, @Reason, @CreatedAt, @CreatedBy)
        """;

    // A seed is inserted once: not while its host is protected, nor after an admin deleted its entry.
    private const string InsertSeed = """
        INSERT INTO protected_hosts (id, host, include_subdomains, reason, created_at, created_by)
        SELECT @Id, @Host, @IncludeSubdomains, @Reason, @CreatedAt, NULL
        WHERE NOT EXISTS (SELECT 1 FROM protected_hosts WHERE host = @Host)
          AND NOT EXISTS (SELECT 1 FROM protected_host_removals WHERE host = @Host)
        """;

    private const string DeleteById = "DELETE FROM protected_hosts WHERE id = @Id";

    // Any removed host is remembered, seeded or not: a later seed list that adds it does not undo the admin's decision.
    private const string RememberRemoval = """
        INSERT INTO protected_host_removals (host, removed_at, removed_by)
        SELECT @Host, @Now, @KeyId WHERE NOT EXISTS (SELECT 1 FROM protected_host_removals WHERE host = @Host)
        """;

    public async Task<ProtectedHostIndex> IndexAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return new ProtectedHostIndex((await session.QueryAsync<Row>(SelectAll)).Select(r => r.ToEntry()));
    }

    public async Task<(IReadOnlyList<ProtectedHostContract> Items, long? Next)> ListAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, more) = await session.QueryPageAsync<Row>(SelectPage, new { After = after }, limit);
        return (rows.Select(r => r.ToContract()).ToList(), more ? rows[^1].Seq : null);
    }

    /// <summary>
    /// Records the entry and, with <paramref name="withdraw"/>, ends the claims on every URL it protects, all in one transaction.
    /// </summary>
    public async Task<ProtectedHostInsert> InsertAsync(ProtectedHost entry, Caller caller, DateTimeOffset now, bool withdraw,
        CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);
        if (await session.QuerySingleOrDefaultAsync<string>(SelectIdByHost, new { entry.Host }) is { } existing) return new(null, existing);
        await session.ExecuteAsync(Insert, new { entry.Id, entry.Host, entry.IncludeSubdomains, entry.Reason, CreatedAt = now,
            CreatedBy = caller.KeyId });
        var withdrawal = withdraw ? await ProtectedHostWithdrawals.WithdrawAsync(session, entry, caller, now) : null;
        await session.CommitAsync();
        return new(new ProtectedHostCreated(entry.Id, entry.Host, entry.IncludeSubdomains, entry.Reason, now, caller.KeyId, withdrawal), null);
    }

    /// <summary>Deletes the entry and remembers its host; false when there is no such entry.</summary>
    public async Task<bool> DeleteAsync(string id, Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<Row>(SelectById, new { Id = id });
        if (row is null) return false;
        await session.ExecuteAsync(DeleteById, new { Id = id });
        await session.ExecuteAsync(RememberRemoval, new { row.Host, Now = now, caller.KeyId });
        await session.CommitAsync();
        return true;
    }

    /// <summary>Inserts the seed entries whose host is neither protected nor removed by an admin; returns how many.</summary>
    public async Task<int> SeedAsync(IEnumerable<ProtectedHost> seeds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var inserted = 0;
        foreach (var seed in seeds)
        {
            inserted += await session.ExecuteAsync(InsertSeed, new { seed.Id, seed.Host, seed.IncludeSubdomains, seed.Reason, CreatedAt = now });
        }
        await session.CommitAsync();
        return inserted;
    }

    private sealed class Row
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public string Host { get; init; } = "";
        public bool IncludeSubdomains { get; init; }
        public string Reason { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string? CreatedBy { get; init; }

        public ProtectedHost ToEntry() => new(Id, Host, IncludeSubdomains, Reason);

        public ProtectedHostContract ToContract() => new(Id, Host, IncludeSubdomains, Reason, CreatedAt, CreatedBy);
    }
}
