using Microsoft.Data.SqlClient;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>A uniquely named, empty database created through master for one test and dropped after it.</summary>
public sealed class SqlServerTestDatabase : IAsyncDisposable
{
    private readonly string server;

    private SqlServerTestDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<SqlServerTestDatabase> CreateAsync(string server)
    {
        // The name is generated here, never taken from input, so it can be spliced into the DDL.
        var database = new SqlServerTestDatabase(server, $"delisting_test_{Guid.NewGuid():N}");
        await database.OnMasterAsync($"CREATE DATABASE [{database.Name}]");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections of the app under test would keep the database in use.
        SqlConnection.ClearAllPools();
        await OnMasterAsync($"""
            IF DB_ID(N'{Name}') IS NOT NULL
            BEGIN
                ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
                DROP DATABASE [{Name}];
            END
            """);
    }

    private async Task OnMasterAsync(string sql)
    {
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }
}
