using Delisting.Api.Tests.Infrastructure;
using Delisting.Api.Tests.SqlServer;

namespace Delisting.Api.Tests.Providers;

/// <summary>
/// Start-up on SQL Server only: instances of the service share one server database, where the start-up lock
/// (sp_getapplock) keeps their migrations and seeding apart. A SQLite file belongs to one instance.
/// </summary>
public sealed class SqlServerStartupTests : IAsyncLifetime
{
    private readonly SqlServerProvider provider = new();

    public Task InitializeAsync() => provider.SkipReason is null ? provider.InitializeAsync() : Task.CompletedTask;

    public Task DisposeAsync() => provider.DisposeAsync().AsTask();

    /// <summary>Three instances start on one empty database at once: the start-up lock lets one migrate and seed at a time.</summary>
    [SqlServerFact]
    public async Task Instances_starting_at_once_migrate_and_seed_once()
    {
        var apps = Enumerable.Range(0, 3).Select(_ => provider.NewApp()).ToList();
        try
        {
            // A WebApplicationFactory starts its host on first use: the three start-ups race.
            var engines = await Task.WhenAll(apps.Select(app => Task.Run(() => app.Admin().GetJsonAsync("/v1/engines"))));
            Assert.All(engines, list => Assert.Equal(4, list.GetArrayLength()));
        }
        finally
        {
            foreach (var app in apps) await app.DisposeAsync();
        }
    }
}
