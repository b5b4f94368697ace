using Delisting.Api.Data;

namespace Delisting.Api.Engines;

public sealed class EnginesStore(Database database)
{
    private const string SelectAll = "SELECT id, name FROM engines ORDER BY id";
    private const string CountById = "SELECT COUNT(*) FROM engines WHERE id = @Id";
    private static readonly string[] Columns = ["id", "name"];

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.ScalarAsync<long>(CountById, new { Id = id }) > 0;
    }

    public async Task<IReadOnlyList<EngineContract>> ListAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return (await session.QueryAsync<EngineRow>(SelectAll)).Select(r => new EngineContract(r.Id, r.Name)).ToList();
    }

    public async Task<bool> InsertIfAbsentAsync(EngineContract engine, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.ExecuteAsync(database.InsertIfAbsent("engines", Columns, ["id"]), new { engine.Id, engine.Name }) == 1;
    }

    private sealed class EngineRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
    }
}
