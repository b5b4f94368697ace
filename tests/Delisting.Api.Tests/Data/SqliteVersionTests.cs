using Delisting.Api.Data.Sqlite;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Data;

/// <summary>The service's SQL uses CONCAT, which SQLite has since 3.44: an older SQLite is refused at start-up with a clear message.</summary>
public sealed class SqliteVersionTests
{
    [Theory]
    [InlineData("3.43.2")]
    [InlineData("3.8.11")]
    [InlineData("not a version")]
    public void An_sqlite_older_than_3_44_is_refused_naming_both_versions(string found)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => SqliteDriver.RequireVersion(found));
        Assert.Contains($"SQLite {found} is too old", refused.Message);
        Assert.Contains("3.44.0 or later", refused.Message);
    }

    [Theory]
    [InlineData("3.44.0")]
    [InlineData("3.53.1")]
    public void Sqlite_3_44_or_later_is_accepted(string found) => SqliteDriver.RequireVersion(found);

    [Fact]
    public void The_bundled_sqlite_runs_concat()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteDriver.RequireVersion(connection.ServerVersion);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CONCAT('itm_', 42, '_', 'google')";
        Assert.Equal("itm_42_google", command.ExecuteScalar());
    }
}
