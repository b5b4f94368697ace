using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>The provider scenarios on SQLite: the reference behaviour SQL Server must match.</summary>
public sealed class SqliteScenarioTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"delisting-scenario-{Guid.NewGuid():N}.db");

    private DelistingApp NewApp() => new(databasePath);

    // The apps were given the file, so they leave it: it is removed here, after the last of them.
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(databasePath + suffix);
    }

    [Fact] public Task The_seeded_ruling_is_readable() => DatabaseScenarios.The_seeded_ruling_is_readable(NewApp);
    [Fact] public Task A_created_ruling_reads_back_as_sent() => DatabaseScenarios.A_created_ruling_reads_back_as_sent(NewApp);
    [Fact] public Task Rulings_page_by_keyset_in_ordinal_order() => DatabaseScenarios.Rulings_page_by_keyset_in_ordinal_order(NewApp);
    [Fact] public Task An_engine_sees_only_the_rulings_that_bind_it() => DatabaseScenarios.An_engine_sees_only_the_rulings_that_bind_it(NewApp);
    [Fact] public Task A_key_works_until_revoked() => DatabaseScenarios.A_key_works_until_revoked(NewApp);
    [Fact] public Task Keys_page_in_creation_order() => DatabaseScenarios.Keys_page_in_creation_order(NewApp);
    [Fact] public Task Organisations_are_created_once() => DatabaseScenarios.Organisations_are_created_once(NewApp);
    [Fact] public Task Two_instances_share_one_database() => DatabaseScenarios.Two_instances_share_one_database(NewApp);
    [Fact] public Task A_request_is_carried_out_and_reported_everywhere() => DatabaseScenarios.A_request_is_carried_out_and_reported_everywhere(NewApp);
    [Fact] public Task Withdrawals_relisting_and_resubmission_are_stored() => DatabaseScenarios.Withdrawals_relisting_and_resubmission_are_stored(NewApp);
}
