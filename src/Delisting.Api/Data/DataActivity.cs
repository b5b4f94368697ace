using System.Diagnostics;

namespace Delisting.Api.Data;

/// <summary>
/// A trace span for every statement the service sends, named after the OpenTelemetry database conventions. When
/// nobody listens, starting one costs a null check.
/// </summary>
public static class DataActivity
{
    public const string SourceName = "Delisting.Data";

    public static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(DatabaseDriver driver, string sql)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity(driver.Provider == DatabaseProvider.Sqlite ? "sqlite" : "mssql", ActivityKind.Client);
        activity?.SetTag("db.system.name", driver.Provider == DatabaseProvider.Sqlite ? "sqlite" : "microsoft.sql_server");
        activity?.SetTag("db.namespace", driver.Namespace);
        activity?.SetTag("db.query.text", sql);
        return activity;
    }
}
