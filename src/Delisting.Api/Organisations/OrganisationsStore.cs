using Dapper;
using Delisting.Api.Data;

namespace Delisting.Api.Organisations;

public sealed class OrganisationsStore(Database database)
{
    private const string SelectAll = "SELECT id, name FROM organisations ORDER BY id";
    private const string SelectById = "SELECT id, name FROM organisations WHERE id = @Id";
    private static readonly string[] Columns = ["id", "name", "created_at"];

    public async Task<IReadOnlyList<OrganisationContract>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OrganisationRow>(new CommandDefinition(SelectAll, cancellationToken: cancellationToken)))
            .Select(r => new OrganisationContract(r.Id, r.Name)).ToList();
    }

    public async Task<OrganisationContract?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(SelectById, new { Id = id }, cancellationToken: cancellationToken));
        return row is null ? null : new OrganisationContract(row.Id, row.Name);
    }

    /// <summary>Inserts unless the id exists; never overwrites. True when a row was added.</summary>
    public async Task<bool> InsertAsync(OrganisationContract organisation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = database.Dialect.InsertIfAbsent("organisations", Columns, ["id"]);
        return await connection.ExecuteAsync(new CommandDefinition(sql,
            new { organisation.Id, organisation.Name, CreatedAt = now }, cancellationToken: cancellationToken)) == 1;
    }

    private sealed class OrganisationRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
    }
}
