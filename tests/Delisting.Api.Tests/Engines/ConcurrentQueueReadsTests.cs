using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Delisting.Api.Tests.Engines;

/// <summary>
/// Polls of the same page share reads, and the queue keeps its promises while items change: a poll that arrives
/// after a report committed sees it, and a page lists each item once. The race windows are opened on purpose by
/// holding a database read in flight.
/// </summary>
public sealed class ConcurrentQueueReadsTests
{
    private static async Task<(DelistingApp App, HttpClient Google)> QueueOfAsync(int urls)
    {
        var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        await apc.SubmitAsync(ruling, Scenario.Urls(urls));
        return (app, await app.LiaisonAsync("google"));
    }

    private static Delisting.Api.Engines.QueuePages Pages(DelistingApp app) =>
        app.Services.GetRequiredService<Delisting.Api.Engines.QueuePages>();

    private static List<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.Str("id")).ToList();

    [Fact]
    public async Task Polls_arriving_while_a_read_runs_share_it_when_nothing_was_committed_since()
    {
        var (app, google) = await QueueOfAsync(120);
        await using var owned = app;
        using var probe = new QueueReadProbe(app);

        probe.HoldNext();
        var first = google.QueuePageAsync("google", "pending", limit: 50);
        await probe.WaitUntilHeldAsync();
        var readsBefore = probe.Reads;
        var placed = Pages(app).Placed;
        var others = Enumerable.Range(0, 15).Select(_ => google.QueuePageAsync("google", "pending", limit: 50)).ToList();
        await Probe.UntilAsync(() => Pages(app).Placed >= placed + 15, "the fifteen polls did not arrive");
        probe.Release();
        var pages = await Task.WhenAll(others.Prepend(first));

        // Sixteen polls, one database read: the fifteen that arrived while it ran joined it.
        Assert.Equal(readsBefore, probe.Reads);
        Assert.All(pages, page => Assert.Equal(Ids(pages[0]), Ids(page)));
        Assert.Equal(50, Ids(pages[0]).Count);
    }

    [Fact]
    public async Task A_poll_after_another_process_committed_does_not_share_a_read_begun_before()
    {
        var (app, google) = await QueueOfAsync(30);
        await using var owned = app;
        using var probe = new QueueReadProbe(app);
        var head = Ids(await google.QueuePageAsync("google", "pending", limit: 5));

        probe.HoldNext();
        var older = google.QueuePageAsync("google", "pending", limit: 5);
        await probe.WaitUntilHeldAsync();
        // Another process (a second instance on the same file) acknowledges the head of the queue.
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var command = other.CreateCommand();
            command.CommandText = "UPDATE items SET status = 'acknowledged' WHERE engine_id = 'google' AND status = 'pending' " +
                                  "AND notice_seq IN (SELECT notice_seq FROM items WHERE engine_id = 'google' AND status = 'pending' " +
                                  "ORDER BY notice_seq LIMIT 5)";
            Assert.Equal(5, await command.ExecuteNonQueryAsync());
        }
        var placed = Pages(app).Placed;
        var newer = google.QueuePageAsync("google", "pending", limit: 5);
        await Probe.UntilAsync(() => Pages(app).Placed > placed, "the newer poll did not arrive");
        probe.Release();

        Assert.Equal(head, Ids(await older));
        Assert.Empty(Ids(await newer).Intersect(head));
    }

    [Fact]
    public async Task A_poll_that_arrives_after_a_report_committed_sees_it_even_while_an_older_read_is_in_flight()
    {
        var (app, google) = await QueueOfAsync(60);
        await using var owned = app;
        using var probe = new QueueReadProbe(app);
        var head = Ids(await google.QueuePageAsync("google", "pending", limit: 10));

        probe.HoldNext();
        var older = google.QueuePageAsync("google", "pending", limit: 10);
        await probe.WaitUntilHeldAsync();
        // The held read has taken its snapshot; the report commits after it.
        await google.RespondOkAsync("google", head.Select(id => Scenario.Delist(id)).ToArray());
        var placed = Pages(app).Placed;
        var newer = google.QueuePageAsync("google", "pending", limit: 10);
        await Probe.UntilAsync(() => Pages(app).Placed > placed, "the newer poll did not arrive");
        probe.Release();

        Assert.Equal(head, Ids(await older));
        var after = Ids(await newer);
        Assert.Equal(10, after.Count);
        Assert.Empty(after.Intersect(head));
    }

    [Fact]
    public async Task An_unfiltered_page_lists_each_item_once_while_items_change_status_between_its_statements()
    {
        var (app, google) = await QueueOfAsync(20);
        await using var owned = app;
        using var probe = new QueueReadProbe(app);
        var pending = Ids(await google.QueuePageAsync("google", "pending", limit: 20));

        // The unfiltered page reads one range per status; hold it after its first range (pending) ...
        probe.HoldNext();
        var page = google.QueuePageAsync("google", status: null, limit: 100);
        await probe.WaitUntilHeldAsync();
        // ... acknowledge half of the queue, which the next range (acknowledged) would otherwise list again ...
        await google.RespondOkAsync("google", pending.Take(10).Select(Scenario.Acknowledge).ToArray());
        probe.Release();

        // ... and the page is still one consistent picture: every item once, as it was when the page was read.
        var items = (await page).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(pending.Order(), items.Select(i => i.Str("id")).Order());
        Assert.All(items, i => Assert.Equal("pending", i.Str("status")));
    }

    [Fact]
    public async Task Paging_the_unfiltered_queue_while_items_change_gives_every_item_exactly_once()
    {
        var (app, google) = await QueueOfAsync(40);
        await using var owned = app;
        var all = Ids(await google.QueuePageAsync("google", "pending", limit: 40));

        var seen = new List<string>();
        string? after = null;
        var round = 0;
        do
        {
            var page = await google.QueuePageAsync("google", status: null, limit: 7, after: after);
            seen.AddRange(Ids(page));
            after = page.GetProperty("next").GetString();
            // Between pages, move items both behind and ahead of the cursor through the statuses.
            var target = all[(round * 11) % all.Count];
            var status = (await app.ItemAsync("google", target)).Str("status");
            if (status == "pending") await google.RespondOkAsync("google", Scenario.Acknowledge(target));
            else if (status == "acknowledged") await google.RespondOkAsync("google", Scenario.Delist(target));
            round++;
        } while (after is not null);

        Assert.Equal(all.Order(), seen.Order());
    }
}
