using System.Net;
using System.Net.Http.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Providers;

public abstract partial class ProviderScenarios<TProvider>
{
    /// <summary>
    /// A mirror reported, included by an ARCOM extension, requested on the extension's clock, then lapsed when the
    /// order ends: sites with windows, reports, extensions, the ruling's history and obligations on this provider.
    /// </summary>
    [ProviderFact]
    public async Task A_mirror_is_reported_included_by_an_extension_requested_and_lapses_with_the_order()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("lifecycle-ruling", engines: ["google"], plaintiffs: ["apc"]);
        var apc = await app.RightsHolderAsync("apc");
        var report = await (await apc.PostAsJsonAsync("/v1/rulings/lifecycle-ruling/mirror-reports",
            new { domain = "allostreaming.net", mirrorOf = "allostreaming.com",
                evidence = new[] { "https://allostreaming.net/film/1" } })).ReadJsonAsync();
        var extension = await app.Admin().PostAsJsonAsync("/v1/rulings/lifecycle-ruling/extensions", new
        {
            basis = "arcom-request", reference = "ARCOM 2026-0042", decidedOn = "2026-11-20", servedOn = "2026-11-21", complianceDays = 10,
            sites = new[] { new { domain = "allostreaming.net", network = "Allostreaming", mirrorOf = "allostreaming.com" } },
            mirrorReports = new[] { report.Str("id") },
        });
        Assert.Equal(HttpStatusCode.Created, extension.StatusCode);

        var request = await apc.SubmitAsync("lifecycle-ruling", "https://allostreaming.net/film/1");
        var item = (await apc.GetJsonAsync($"/v1/requests/{request.Str("id")}/items")).GetProperty("items")[0];
        Assert.Equal(("2026-12-09T23:00:00Z", "2027-11-29T23:00:00Z"), (item.Str("deadline"), item.Str("obligationEndsAt")));
        Assert.Equal("included", (await apc.GetJsonAsync($"/v1/rulings/lifecycle-ruling/mirror-reports/{report.Str("id")}")).Str("status"));
        Assert.Equal(["mirror-reported", "extended"],
            (await apc.GetJsonAsync("/v1/rulings/lifecycle-ruling/events")).GetProperty("items").EnumerateArray().Select(e => e.Str("type")));

        app.Time.SetUtcNow(new DateTimeOffset(2027, 11, 29, 23, 0, 0, TimeSpan.Zero));
        var google = await app.LiaisonAsync("google");
        Assert.Empty(await google.QueueAsync("google", "pending"));
        var read = await apc.GetJsonAsync($"/v1/requests/{request.Str("id")}");
        Assert.Equal(("closed", 1L), (read.Str("state"), read.GetProperty("summary").GetProperty("google").GetProperty("lapsed").GetInt64()));
    }
}
