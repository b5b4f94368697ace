using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// The provider scenarios against a real SQL Server (DELISTING_SQLSERVER), each test on a database of its own
/// that is created empty, migrated by the app's start-up, and dropped afterwards. Skipped when no server is set.
/// </summary>
public sealed class SqlServerIntegrationTests : IAsyncLifetime
{
    private SqlServerTestDatabase? database;

    public async Task InitializeAsync()
    {
        // Without a server every test here is skipped: there is nothing to prepare.
        if (SqlServerFactAttribute.ConnectionString is { Length: > 0 } server)
        {
            database = await SqlServerTestDatabase.CreateAsync(server);
        }
    }

    public async Task DisposeAsync()
    {
        if (database is not null) await database.DisposeAsync();
    }

    private DelistingApp NewApp() => new(extraSettings: new Dictionary<string, string>
    {
        ["Database:Provider"] = "SqlServer",
        ["ConnectionStrings:Delisting"] = database!.ConnectionString,
    });

    [SqlServerFact] public Task The_seeded_ruling_is_readable() => DatabaseScenarios.The_seeded_ruling_is_readable(NewApp);
    [SqlServerFact] public Task A_created_ruling_reads_back_as_sent() => DatabaseScenarios.A_created_ruling_reads_back_as_sent(NewApp);
    [SqlServerFact] public Task Rulings_page_by_keyset_in_ordinal_order() => DatabaseScenarios.Rulings_page_by_keyset_in_ordinal_order(NewApp);
    [SqlServerFact] public Task An_engine_sees_only_the_rulings_that_bind_it() => DatabaseScenarios.An_engine_sees_only_the_rulings_that_bind_it(NewApp);
    [SqlServerFact] public Task A_key_works_until_revoked() => DatabaseScenarios.A_key_works_until_revoked(NewApp);
    [SqlServerFact] public Task Keys_page_in_creation_order() => DatabaseScenarios.Keys_page_in_creation_order(NewApp);
    [SqlServerFact] public Task Organisations_are_created_once() => DatabaseScenarios.Organisations_are_created_once(NewApp);
    [SqlServerFact] public Task Two_instances_share_one_database() => DatabaseScenarios.Two_instances_share_one_database(NewApp);
    [SqlServerFact] public Task A_request_is_carried_out_and_reported_everywhere() => DatabaseScenarios.A_request_is_carried_out_and_reported_everywhere(NewApp);
    [SqlServerFact] public Task Withdrawals_relisting_and_resubmission_are_stored() => DatabaseScenarios.Withdrawals_relisting_and_resubmission_are_stored(NewApp);

    /// <summary>Three instances start on one empty database at once: the start-up lock lets one migrate and seed at a time.</summary>
    [SqlServerFact]
    public async Task Instances_starting_at_once_migrate_and_seed_once()
    {
        var apps = Enumerable.Range(0, 3).Select(_ => NewApp()).ToList();
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
