using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;

namespace Delisting.Api.Data;

/// <summary>
/// One connection, and its transaction when it has one. Every statement goes through here, bound to the session's
/// cancellation token and traced as a database activity.
/// </summary>
public sealed class DbSession : IAsyncDisposable
{
    private readonly DatabaseDriver driver;
    private readonly DbConnection connection;
    private readonly DbTransaction? transaction;
    private readonly IDisposable? writeTurn;
    private readonly CancellationToken cancellationToken;

    internal DbSession(DatabaseDriver driver, DbConnection connection, DbTransaction? transaction, IDisposable? writeTurn,
        CancellationToken cancellationToken)
    {
        this.driver = driver;
        this.connection = connection;
        this.transaction = transaction;
        this.writeTurn = writeTurn;
        this.cancellationToken = cancellationToken;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        using var activity = DataActivity.Start(driver, sql);
        return (await connection.QueryAsync<T>(Command(sql, parameters))).AsList();
    }

    /// <summary>
    /// Rows the caller maps itself, reading columns by ordinal: for reads of tens of thousands of rows, where mapping each
    /// column by name costs more than the read. Instants are read through <see cref="ValueEncoding.ReadInstant"/>.
    /// </summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters, Func<DbDataReader, T> map)
    {
        using var activity = DataActivity.Start(driver, sql);
        await using var reader = await connection.ExecuteReaderAsync(Command(sql, parameters));
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(map(reader));
        return rows;
    }

    /// <summary>
    /// Rows folded as they are read, none kept: for aggregates over a million rows whose arithmetic (time zones,
    /// medians) SQL cannot do portably. Columns are read by ordinal, instants through <see cref="ValueEncoding.ReadInstant"/>.
    /// </summary>
    public async Task FoldAsync(string sql, object? parameters, Action<DbDataReader> fold)
    {
        using var activity = DataActivity.Start(driver, sql);
        await using var reader = await connection.ExecuteReaderAsync(Command(sql, parameters));
        while (await reader.ReadAsync(cancellationToken)) fold(reader);
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null)
    {
        using var activity = DataActivity.Start(driver, sql);
        return await connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        using var activity = DataActivity.Start(driver, sql);
        return (await connection.ExecuteScalarAsync<T>(Command(sql, parameters)))!;
    }

    /// <summary>Runs a statement once, or once per element when <paramref name="parameters"/> is a sequence; the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        using var activity = DataActivity.Start(driver, sql);
        return await connection.ExecuteAsync(Command(sql, parameters));
    }

    /// <summary>Several SELECTs in one round trip, read in order.</summary>
    public async Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? parameters = null)
    {
        using var activity = DataActivity.Start(driver, sql);
        return await connection.QueryMultipleAsync(Command(sql, parameters));
    }

    /// <summary>
    /// A keyset page: <paramref name="orderedSql"/> ends with its ORDER BY; the session takes at most
    /// <paramref name="limit"/> rows and says whether more follow.
    /// </summary>
    public async Task<(List<T> Rows, bool More)> QueryPageAsync<T>(string orderedSql, object? parameters, int limit)
    {
        var bound = new DynamicParameters(parameters);
        bound.Add("Limit", limit + 1);
        var rows = await QueryAsync<T>(orderedSql + driver.Limit("@Limit"), bound);
        var more = rows.Count > limit;
        if (more) rows.RemoveRange(limit, rows.Count - limit);
        return (rows, more);
    }

    /// <summary>
    /// A look-up by many keys: <paramref name="sql"/> has `IN @{listName}`; the keys are sent in lists as long as the
    /// driver handles well, and the rows of every list are returned together.
    /// </summary>
    public async Task<List<T>> QueryByKeysAsync<T, TKey>(string sql, string listName, IEnumerable<TKey> keys, object? parameters = null)
    {
        var rows = new List<T>();
        foreach (var chunk in keys.Chunk(driver.MaxInList))
        {
            var bound = new DynamicParameters(parameters);
            bound.Add(listName, chunk);
            rows.AddRange(await QueryAsync<T>(sql, bound));
        }
        return rows;
    }

    /// <summary>
    /// A look-up by many text keys in one statement: <paramref name="sql"/> has `IN @{listName}`, and the keys travel as
    /// one JSON array that the database reads as a table. Where the keys are many (a batch of 1,000), one statement
    /// with one parameter instead of a statement per list of <see cref="DatabaseDriver.MaxInList"/> keys.
    /// </summary>
    public Task<List<T>> QueryByKeyListAsync<T>(string sql, string listName, IEnumerable<string> keys, object? parameters = null) =>
        QueryByJsonAsync<T>(sql, listName, driver.TextKeys("@" + listName), keys, parameters);

    /// <summary>The same with binary keys (hashes), sent as hexadecimal texts.</summary>
    public Task<List<T>> QueryByKeyListAsync<T>(string sql, string listName, IEnumerable<byte[]> keys, object? parameters = null) =>
        QueryByJsonAsync<T>(sql, listName, driver.BinaryKeys("@" + listName), keys.Select(Convert.ToHexString), parameters);

    private Task<List<T>> QueryByJsonAsync<T>(string sql, string listName, string keysTable, IEnumerable<string> keys, object? parameters)
    {
        var bound = new DynamicParameters(parameters);
        bound.Add(listName, JsonSerializer.Serialize(keys, KeysJson.Default.IEnumerableString));
        return QueryAsync<T>(KeyListSql(sql, listName, keysTable), bound);
    }

    /// <summary>`IN @{listName}` of <paramref name="sql"/> written as `IN (keysTable)`.</summary>
    internal static string KeyListSql(string sql, string listName, string keysTable) =>
        sql.Replace($"IN @{listName}", $"IN ({keysTable})", StringComparison.Ordinal);

    /// <summary>
    /// A write by many keys: <paramref name="sql"/> has `IN @{listName}`; run once per list of keys (as long as the driver
    /// handles well); the rows changed in all.
    /// </summary>
    public async Task<int> ExecuteByKeysAsync<TKey>(string sql, string listName, IEnumerable<TKey> keys, object? parameters = null)
    {
        var changed = 0;
        foreach (var chunk in keys.Chunk(driver.MaxInList))
        {
            var bound = new DynamicParameters(parameters);
            bound.Add(listName, chunk);
            changed += await ExecuteAsync(sql, bound);
        }
        return changed;
    }

    /// <summary>Inserts rows (values in the order of <paramref name="columns"/>) in this session's transaction.</summary>
    public async Task BulkInsertAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        if (transaction is null) throw new InvalidOperationException("A bulk insert needs a write session.");
        using var activity = DataActivity.Start(driver, $"INSERT INTO {table} (bulk)");
        await driver.BulkInsertAsync(connection, transaction, table, columns, rows, cancellationToken);
    }

    /// <summary>
    /// Before a write session adds feed rows: from here to commit, no other such session runs, so feed rows commit in
    /// the order they are numbered. Once per session.
    /// </summary>
    public async Task OrderChangesAsync()
    {
        if (transaction is null) throw new InvalidOperationException("Feed rows are written in a write session.");
        if (changesOrdered) return;
        if (driver.SerializeChangesSql is { } sql) await ExecuteAsync(sql);
        changesOrdered = true;
    }

    private bool changesOrdered;

    public async Task CommitAsync()
    {
        using (DataActivity.Start(driver, "COMMIT"))
        {
            await (transaction ?? throw new InvalidOperationException("Only a write session commits.")).CommitAsync(cancellationToken);
        }
        if (changesOrdered) driver.RaiseChangesCommitted();
    }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
        finally
        {
            // After the rollback or commit: the next writer (or the log checkpoint) finds the write lock free.
            writeTurn?.Dispose();
        }
    }
}

/// <summary>The JSON of a list of keys, written without reflection.</summary>
[JsonSerializable(typeof(IEnumerable<string>))]
internal sealed partial class KeysJson : JsonSerializerContext;
