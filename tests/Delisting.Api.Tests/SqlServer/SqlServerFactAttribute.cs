namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// A fact that needs a real SQL Server: it runs when DELISTING_SQLSERVER holds a connection string
/// (to a login that may create databases) and is reported as skipped otherwise.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "DELISTING_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"{Variable} is not set; no SQL Server on this machine";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
