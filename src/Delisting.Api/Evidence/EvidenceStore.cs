using Delisting.Api.Data;
using Delisting.Api.Http;

namespace Delisting.Api.Evidence;

/// <summary>What the database knows of captures: their size and media type, who uploaded them, and who may read them.</summary>
public sealed class EvidenceStore(Database database)
{
    private const string SelectBySha = "SELECT sha256, size, media_type, stored_at FROM evidence WHERE sha256 = @Sha256";

    private const string InsertIfAbsent = """
        INSERT INTO evidence (sha256, size, media_type, stored_at, stored_by)
        SELECT @Sha256, @Size, @MediaType, @StoredAt, @StoredBy
        WHERE NOT EXISTS (SELECT 1 FROM evidence WHERE sha256 = @Sha256)
        """;

    private const string InsertUploader = """
        INSERT INTO evidence_uploaders (sha256, organisation_id)
        SELECT @Sha256, @Organisation
        WHERE NOT EXISTS (SELECT 1 FROM evidence_uploaders WHERE sha256 = @Sha256 AND organisation_id = @Organisation)
        """;

    // Who reads a capture besides admins: an organisation that uploaded it, and the plaintiffs and bound engines of a ruling
    // where a request or a mirror report cites it.
    private const string CountReaders = """
        SELECT (SELECT COUNT(*) FROM evidence_uploaders u WHERE u.sha256 = @Sha256 AND u.organisation_id = @Organisation)
             + (SELECT COUNT(*) FROM evidence_captures c
                WHERE c.sha256 = @Sha256
                  AND (EXISTS (SELECT 1 FROM ruling_plaintiffs p WHERE p.ruling_id = c.ruling_id AND p.organisation_id = @Organisation)
                       OR EXISTS (SELECT 1 FROM ruling_engines e WHERE e.ruling_id = c.ruling_id AND e.engine_id = @Engine)))
        """;

    private const string SelectStored = "SELECT sha256 FROM evidence WHERE sha256 IN @Hashes";

    public async Task<EvidenceContract?> GetAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.QuerySingleOrDefaultAsync<Row>(SelectBySha, new { Sha256 = sha256 }) is { } row
            ? new EvidenceContract(row.Sha256, row.Size, row.MediaType, row.StoredAt)
            : null;
    }

    /// <summary>Records the capture (once: the first upload's media type stays) and its uploader; returns it as stored.</summary>
    public async Task<(EvidenceContract Evidence, bool Created)> RecordAsync(EvidenceContract evidence, Caller caller,
        CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var created = await session.ExecuteAsync(InsertIfAbsent, new
        {
            evidence.Sha256, evidence.Size, evidence.MediaType, evidence.StoredAt, StoredBy = caller.KeyId,
        }) == 1;
        if (caller.Organisation is not null) await session.ExecuteAsync(InsertUploader, new { evidence.Sha256, caller.Organisation });
        var row = (await session.QuerySingleOrDefaultAsync<Row>(SelectBySha, new { evidence.Sha256 }))!;
        await session.CommitAsync();
        return (new EvidenceContract(row.Sha256, row.Size, row.MediaType, row.StoredAt), created);
    }

    public async Task<bool> MayReadAsync(string sha256, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.IsAdmin) return true;
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.ScalarAsync<long>(CountReaders, new { Sha256 = sha256, caller.Organisation, caller.Engine }) > 0;
    }

    /// <summary>Which of the hashes are stored (a capture may cite only those).</summary>
    public async Task<HashSet<string>> StoredAsync(IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return (await session.QueryByKeysAsync<string, string>(SelectStored, "Hashes", hashes.Distinct())).ToHashSet(StringComparer.Ordinal);
    }

    private sealed class Row
    {
        public string Sha256 { get; init; } = "";
        public long Size { get; init; }
        public string MediaType { get; init; } = "";
        public DateTimeOffset StoredAt { get; init; }
    }
}
