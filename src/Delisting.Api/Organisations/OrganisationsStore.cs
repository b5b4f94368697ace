using Delisting.Api.Data;

namespace Delisting.Api.Organisations;

public sealed class OrganisationsStore(Database database)
{
    private const string SelectAll = "SELECT id, name FROM organisations ORDER BY id";
    private const string SelectById = "SELECT id, name FROM organisations WHERE id = @Id";
    private static readonly string[] Columns = ["id", "name", "created_at"];

    public async Task<IReadOnlyList<OrganisationContract>> ListAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return (await session.QueryAsync<OrganisationRow>(SelectAll)).Select(r => new OrganisationContract(r.Id, r.Name)).ToList();
    }

    public async Task<OrganisationContract?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<OrganisationRow>(SelectById, new { Id = id });
        return row is null ? null : new OrganisationContract(row.Id, row.Name);
    }

    /// <summary>Inserts unless the id exists; never overwrites. True when a row was added.</summary>
    public async Task<bool> InsertAsync(OrganisationContract organisation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.ExecuteAsync(database.InsertIfAbsent("organisations", Columns, ["id"]),
            new { organisation.Id, organisation.Name, CreatedAt = now }) == 1;
    }

    private sealed class OrganisationRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
    }
}
