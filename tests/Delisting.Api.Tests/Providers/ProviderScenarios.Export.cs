using System.Text;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Providers;

public abstract partial class ProviderScenarios<TProvider>
{
    /// <summary>
    /// The compliance export on this provider: more than one page of notices (keyset on the URL hash), a report with
    /// its reference, a withdrawal and a resubmission that resets the deadline, and the same bytes for the same instant
    /// after later changes.
    /// </summary>
    [ProviderFact]
    public async Task The_compliance_export_rebuilds_an_instant_and_repeats_it_byte_for_byte()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("export-provider", engines: ["google"], plaintiffs: ["apc"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync("export-provider", Scenario.Urls(1200));
        var item = (await app.ItemIdsAsync(await apc.SubmitAsync("export-provider", Scenario.Urls(1)), "google"))[0];
        app.Time.Advance(TimeSpan.FromHours(2));
        await google.RespondOkAsync("google", Scenario.Delist(item, "G-9"));
        app.Time.Advance(TimeSpan.FromHours(1));
        var asOf = app.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var path = $"/v1/rulings/export-provider/compliance/export?format=jsonl&asOf={asOf}";
        var before = await apc.GetByteArrayAsync(path);

        app.Time.Advance(TimeSpan.FromHours(1));
        await apc.WithdrawOkAsync(request.Str("id"), "Mistake.", Scenario.Urls(3));
        app.Time.Advance(TimeSpan.FromDays(20));
        await apc.SubmitAsync("export-provider", Scenario.Urls(1, from: 2));

        Assert.Equal(before, await apc.GetByteArrayAsync(path));
        var rows = Encoding.UTF8.GetString(before).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToDictionary(r => r.Str("itemId"));
        Assert.Equal(1200, rows.Count);
        Assert.Equal(("delisted", "on-time", "G-9"), (rows[item].Str("status"), rows[item].Str("timeliness"), rows[item].Str("engineReference")));
        var now = await apc.GetStringAsync("/v1/rulings/export-provider/compliance/export?format=jsonl");
        Assert.Contains("\"status\":\"withdrawn\"", now);
    }
}
