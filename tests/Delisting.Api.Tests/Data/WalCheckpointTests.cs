using System.Net;
using Delisting.Api.Data;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Delisting.Api.Tests.Data;

/// <summary>
/// The SQLite write-ahead log under concurrent writers (docs/wal.md): the log checkpoint takes its turn in the writers'
/// queue ahead of every writer waiting, and a log grown past its limit is checkpointed without waiting for the clock.
/// </summary>
public sealed class WalCheckpointTests
{
    [Fact]
    public async Task The_interval_checkpoint_goes_before_the_writers_already_waiting_and_empties_the_log()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync("wal-ruling");
        var apc = await app.RightsHolderAsync();
        await apc.SubmitAsync("wal-ruling", Scenario.Urls(300));
        var database = app.Services.GetRequiredService<Database>();
        var checkpointer = Checkpointer(app);
        var before = checkpointer.Completed;

        Task<System.Text.Json.JsonElement>[] writers;
        await using (await database.WriteAsync(CancellationToken.None))
        {
            // Four writers come while one writes, then the checkpoint's interval passes.
            writers = Enumerable.Range(1, 4).Select(w => Task.Run(() => apc.SubmitAsync("wal-ruling", Scenario.Urls(300, from: w * 1000)))).ToArray();
            await Probe.UntilAsync(() => database.WritersWaiting >= 4, "the four writers did not queue behind the one writing");
            app.Time.Advance(TimeSpan.FromSeconds(10));
            await Probe.UntilAsync(() => database.WritersWaiting >= 5, "the checkpoint did not queue behind the writer under way");
            Assert.Equal(before, checkpointer.Completed);
        }
        await Task.WhenAll(writers);
        await Probe.UntilAsync(() => checkpointer.Completed > before, "the checkpoint did not run");

        // It ran as soon as the writer under way was done, and emptied the log: what the log holds now is what the four
        // writers wrote after it (had it gone last, the log would be empty).
        Assert.Equal(new LogCheckpoint(true, 0, 0), checkpointer.Last);
        var wal = new FileInfo(app.DatabasePath + "-wal");
        Assert.True(wal.Exists && wal.Length > 0, "the checkpoint ran after the writers that were waiting");
        Assert.Equal(5, (await apc.GetJsonAsync("/v1/requests")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_log_past_its_limit_is_checkpointed_between_concurrent_writers_without_the_clock_moving()
    {
        const long limit = 256 * 1024;
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string>
        {
            ["Database:JournalSizeLimitBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await app.CreateRulingInForceAsync("wal-ruling");
        var apc = await app.RightsHolderAsync();
        var checkpointer = Checkpointer(app);

        // Four writers, three requests each; the service's clock never moves, so no interval passes.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var r = 0; r < 3; r++) await apc.SubmitAsync("wal-ruling", Scenario.Urls(200, from: (w * 3 + r) * 1000));
        })));

        var wal = new FileInfo(app.DatabasePath + "-wal");
        await Probe.UntilAsync(() =>
        {
            wal.Refresh();
            return wal.Length <= limit;
        }, "the log stayed past its limit after the writers were done");
        Assert.True(checkpointer.Completed > 0, "no checkpoint ran");
        Assert.True(checkpointer.Last!.Complete, $"the last checkpoint did not empty the log: {checkpointer.Last}");
        Assert.Equal(12, (await apc.GetJsonAsync("/v1/requests")).GetProperty("items").GetArrayLength());
    }

    private static LogCheckpointer Checkpointer(DelistingApp app) =>
        app.Services.GetServices<IHostedService>().OfType<LogCheckpointer>().Single();
}
