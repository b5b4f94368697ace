using System.Text;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Providers;

public abstract partial class ProviderScenarios<TProvider>
{
    /// <summary>
    /// One timeliness rule (contract v1.2): film/1 delisted early, then withdrawn and relisted (still on time); film/2
    /// delisted exactly at the deadline (on time); film/3 delisted an hour after it (late); film/4 delisted on time,
    /// withdrawn, reopened and delisted again against its new deadline (on time); film/5 delisted late, withdrawn and
    /// reopened (pending again, not yet due). For one `asOf` the export's rows and the compliance figures agree.
    /// </summary>
    [ProviderFact]
    public async Task Compliance_and_the_export_rate_every_item_the_same_way()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("timeliness-ruling", engines: ["google"], plaintiffs: ["apc"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync("timeliness-ruling", Scenario.Urls(5));
        var deadline = request.GetProperty("deadline").GetDateTimeOffset();
        var items = await app.ItemIdsAsync(request, "google");

        app.Time.Advance(TimeSpan.FromHours(1));
        await google.RespondOkAsync("google", Scenario.Delist(items[0]), Scenario.Delist(items[3]));
        app.Time.SetUtcNow(deadline);
        await google.RespondOkAsync("google", Scenario.Delist(items[1]));
        app.Time.Advance(TimeSpan.FromHours(1));
        await google.RespondOkAsync("google", Scenario.Delist(items[2]), Scenario.Delist(items[4]));
        app.Time.Advance(TimeSpan.FromHours(1));
        await apc.WithdrawOkAsync(request.Str("id"), "Licensed.", [.. Scenario.Urls(1), .. Scenario.Urls(2, from: 4)]);
        app.Time.Advance(TimeSpan.FromHours(1));
        await google.RespondOkAsync("google", Scenario.Relist(items[0]));
        app.Time.Advance(TimeSpan.FromHours(1));
        await apc.SubmitAsync("timeliness-ruling", Scenario.Urls(2, from: 4));
        app.Time.Advance(TimeSpan.FromHours(1));
        await google.RespondOkAsync("google", Scenario.Delist(items[3]));
        app.Time.Advance(TimeSpan.FromHours(1));

        var compliance = await apc.GetJsonAsync("/v1/rulings/timeliness-ruling/compliance");
        var figures = compliance.GetProperty("engines").GetProperty("google");
        var asOf = compliance.GetProperty("asOf").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var export = await apc.GetByteArrayAsync($"/v1/rulings/timeliness-ruling/compliance/export?format=jsonl&asOf={asOf}");
        var rows = Encoding.UTF8.GetString(export).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToDictionary(r => r.Str("itemId"));

        Assert.Equal(["on-time", "on-time", "late", "on-time", "not-yet-due"], items.Select(i => rows[i].Str("timeliness")));
        Assert.Equal(["relisted", "delisted", "delisted", "delisted", "pending"], items.Select(i => rows[i].Str("status")));
        Assert.Equal((3, 1), (figures.GetProperty("delistedOnTime").GetInt32(), figures.GetProperty("delistedLate").GetInt32()));
        int Rows(string field, string value) => rows.Values.Count(r => r.GetProperty(field).GetString() == value);
        var byTimeliness = new[] { ("delistedOnTime", "on-time"), ("delistedLate", "late"), ("overdue", "overdue"), ("lapsed", "lapsed") };
        foreach (var (figure, timeliness) in byTimeliness)
        {
            Assert.True(figures.GetProperty(figure).GetInt32() == Rows("timeliness", timeliness),
                $"{figure} disagrees with the export's {timeliness} rows");
        }
        foreach (var status in new[] { "pending", "delisted", "relisted", "withdrawn" })
        {
            Assert.True(figures.GetProperty(status).GetInt32() == Rows("status", status), $"{status} disagrees with the export's rows");
        }
    }
}
