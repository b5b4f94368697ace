using Dapper;
using Delisting.Api.Data;

namespace Delisting.Api.Engines;

public sealed class EnginesStore(Database database)
{
    private const string SelectAll = "SELECT id, name FROM engines ORDER BY id";
    private const string CountById = "SELECT COUNT(*) FROM engines WHERE id = @Id";
    private static readonly string[] Columns = ["id", "name"];

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountById, new { Id = id }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<EngineContract>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<EngineRow>(new CommandDefinition(SelectAll, cancellationToken: cancellationToken)))
            .Select(r => new EngineContract(r.Id, r.Name)).ToList();
    }

    public async Task<bool> InsertIfAbsentAsync(EngineContract engine, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertIfAbsent("engines", Columns, ["id"]),
            new { engine.Id, engine.Name }, cancellationToken: cancellationToken)) == 1;
    }

    private sealed class EngineRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
    }
}
