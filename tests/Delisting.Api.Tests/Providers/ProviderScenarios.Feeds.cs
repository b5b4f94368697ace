using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Providers;

public abstract partial class ProviderScenarios<TProvider>
{
    /// <summary>
    /// Writers submit and report at once while a reader follows the engine and organisation feeds with a small page:
    /// each event is read once, in the order a reader from the start sees them. On SQL Server this is where feed
    /// writers are serialized until commit (the application lock), so that no row commits behind the cursor.
    /// </summary>
    [ProviderFact]
    public async Task A_feed_read_while_writers_run_gives_every_event_once_in_order()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("feed-ruling", engines: ["google"], plaintiffs: ["apc"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var writers = Task.WhenAll(Enumerable.Range(0, 3).Select(async w =>
        {
            for (var i = 0; i < 6; i++)
            {
                var request = await apc.SubmitAsync("feed-ruling", Scenario.Urls(2, from: 1 + (w * 6 + i) * 2));
                var ids = await app.ItemIdsAsync(request, "google");
                await google.RespondOkAsync("google", ids.Select(id => Scenario.Acknowledge(id)).ToArray());
            }
        }));
        var seen = new List<string>();
        string? after = null;
        while (!writers.IsCompleted)
        {
            var page = await google.GetJsonAsync("/v1/engines/google/changes?limit=3"
                + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Str("id")));
            after = page.Str("next");
        }
        await writers;
        while (true)
        {
            var page = await google.GetJsonAsync($"/v1/engines/google/changes?limit=3&after={Uri.EscapeDataString(after!)}");
            var items = page.GetProperty("items").EnumerateArray().Select(e => e.Str("id")).ToList();
            if (items.Count == 0) break;
            seen.AddRange(items);
            after = page.Str("next");
        }
        var all = (await google.GetJsonAsync("/v1/engines/google/changes?limit=1000")).GetProperty("items").EnumerateArray().Select(e =>
            e.Str("id")).ToList();
        Assert.Equal(36, all.Count);
        Assert.Equal(all, seen);
        Assert.Equal(36, (await apc.GetJsonAsync("/v1/organisations/apc/changes?limit=1000")).GetProperty("items").GetArrayLength());
    }
}
