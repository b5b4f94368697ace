using System.Collections.Concurrent;
using Delisting.Api.Data;
using Delisting.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Delisting.Api.Tests.Infrastructure;

/// <summary>
/// A SQLite file migrated and seeded once per test run for each start-up that would write the same thing (environment,
/// clock, seed and database settings), copied for every <see cref="DelistingApp"/> that does not name its own file.
/// The copy is what a restart finds: the service still runs its whole start-up on it (the migrator finds every script
/// applied, the seeder inserts nothing, the cursor key is made afresh, since the template never holds one).
/// </summary>
internal static class TemplateDatabase
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Templates = new();

    static TemplateDatabase() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var template in Templates.Values.Where(t => t.IsValueCreated)) HttpAssertions.DeleteDatabase(template.Value);
    };

    /// <summary>Copies the template for this start-up to <paramref name="path"/>.</summary>
    public static void CopyTo(string path, string environment, DateTimeOffset now, IReadOnlyDictionary<string, string> settings)
    {
        // Only what the migrations and the seeder read decides what the file holds.
        var relevant = settings
            .Where(s => s.Key.StartsWith("Seeds:", StringComparison.Ordinal) || s.Key.StartsWith("Auth:DemoKeys", StringComparison.Ordinal)
                || s.Key.StartsWith("Database:", StringComparison.Ordinal))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key}={s.Value}");
        var key = string.Join("\n", [environment, now.ToString("O"), .. relevant]);
        var template = Templates.GetOrAdd(key, _ => new Lazy<string>(() => Build(environment, now, settings))).Value;
        File.Copy(template, path);
    }

    // The service's own composition and start-up steps (migrate, then seed), without the HTTP host, the cursor key or
    // the background jobs: the file holds exactly what a first start writes before anything else runs.
    private static string Build(string environment, DateTimeOffset now, IReadOnlyDictionary<string, string> settings)
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-template-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:Delisting", $"Data Source={path}")]);
        builder.AddDelisting();
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        Task.Run(async () =>
        {
            await using var app = builder.Build();
            var seeder = app.Services.GetRequiredService<Seeder>();
            await app.Services.GetRequiredService<Database>().PrepareAsync(() => seeder.SeedAsync(CancellationToken.None), CancellationToken.None);
        }).GetAwaiter().GetResult();

        // Everything in the file itself, no log beside it: a copy of the one file is the whole database.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        return path;
    }
}
