using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>Opens connections to the configured database and knows its dialect.</summary>
public sealed class Database
{
    public Database(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, DefaultTimeout = 30 }.ToString()
            : connectionString;
        Dialect = provider == DatabaseProvider.Sqlite ? new SqliteDialect() : new SqlServerDialect();
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public SqlDialect Dialect { get; }

    public static Database FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider must be Sqlite or SqlServer, not '{providerName}'.");
        }

        var connectionString = configuration.GetConnectionString("Delisting");
        if (provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString ?? "Data Source=App_Data/delisting.db");
            // A relative file is kept beside the app's content root, not wherever the shell happens to be.
            if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            {
                builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
            }
            var directory = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            return new Database(provider, builder.ToString());
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Delisting is required when Database:Provider is SqlServer.");
        }
        return new Database(provider, connectionString);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new SqlConnection(ConnectionString) { RetryLogicProvider = SqlServerRetry.Provider };
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE),
    /// so reads inside it see a state no other writer can change before commit.
    /// </summary>
    public static DbTransaction BeginWrite(DbConnection connection) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : connection.BeginTransaction(IsolationLevel.ReadCommitted);

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken)) == 1;
    }
}
