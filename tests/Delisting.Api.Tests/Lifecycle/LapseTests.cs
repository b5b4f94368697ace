using System.Net;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Lifecycle;

/// <summary>The ruling runs until 2027-11-29 (Europe/Paris): its obligation ends at 2027-11-30 00:00 Paris, 2027-11-29T23:00Z.</summary>
public sealed class LapseTests
{
    private const string Ruling = "test-ruling-in-force";

    private sealed record View(bool InQueue, bool Overdue, bool Lapsed, long SummaryOverdue, long SummaryLapsed, string State,
        long ComplianceOverdue, long ComplianceLapsed, bool InOpenList);

    public static TheoryData<string, bool, bool, bool> Instants => new()
    {
        // instant, in force, overdue (15 days long past), lapsed
        { "2027-11-28T12:00:00Z", true, true, false },   // the day before inForceUntil
        { "2027-11-29T22:59:59Z", true, true, false },   // the last second of inForceUntil, Paris time
        { "2027-11-29T23:00:00Z", false, false, true },  // the first instant after it
        { "2027-11-30T12:00:00Z", false, false, true },  // the day after
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task An_open_item_is_overdue_until_the_order_ends_then_lapsed_everywhere(string instant, bool inForce, bool overdue, bool lapsed)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync(Ruling, Scenario.Urls(2));
        var items = await app.ItemIdsAsync(request, "google");
        await google.RespondOkAsync("google", Scenario.Acknowledge(items[1]));

        app.Time.SetUtcNow(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(inForce, (await apc.GetJsonAsync($"/v1/rulings/{Ruling}")).GetProperty("inForce").GetBoolean());
        foreach (var status in new[] { "pending", "acknowledged" })
        {
            Assert.Equal(lapsed ? 0 : 1, (await google.QueueAsync("google", status)).Count);
        }
        Assert.Equal(lapsed ? 0 : 2, (await google.QueueAsync("google")).Count);

        var item = (await apc.GetJsonAsync($"/v1/requests/{request.Str("id")}/items")).GetProperty("items")[0];
        Assert.Equal((overdue, lapsed, "2027-11-29T23:00:00Z"), (item.GetProperty("overdue").GetBoolean(), item.GetProperty("lapsed").GetBoolean(),
            item.Str("obligationEndsAt")));

        var read = await apc.GetJsonAsync($"/v1/requests/{request.Str("id")}");
        var summary = read.GetProperty("summary").GetProperty("google");
        Assert.Equal((overdue ? 2L : 0L, lapsed ? 2L : 0L), (summary.GetProperty("overdue").GetInt64(), summary.GetProperty("lapsed").GetInt64()));
        Assert.Equal(lapsed ? "closed" : "open", read.Str("state"));
        var listed = await apc.GetJsonAsync($"/v1/requests?state=open");
        Assert.Equal(lapsed ? 0 : 1, listed.GetProperty("items").GetArrayLength());

        var compliance = (await apc.GetJsonAsync($"/v1/rulings/{Ruling}/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal((overdue ? 2L : 0L, lapsed ? 2L : 0L), (compliance.GetProperty("overdue").GetInt64(),
            compliance.GetProperty("lapsed").GetInt64()));
    }

    [Fact]
    public async Task An_engine_may_still_report_on_a_lapsed_item()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync(Ruling, Scenario.Urls(1));
        var item = (await app.ItemIdsAsync(request, "google"))[0];

        app.Time.SetUtcNow(new DateTimeOffset(2027, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var result = await google.RespondOkAsync("google", Scenario.Delist(item, "G-late"));
        var reported = result.GetProperty("items")[0];
        Assert.Equal(("delisted", false, false), (reported.Str("status"), reported.GetProperty("lapsed").GetBoolean(),
            reported.GetProperty("overdue").GetBoolean()));
        var compliance = (await apc.GetJsonAsync($"/v1/rulings/{Ruling}/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal((1L, 0L, 1L), (compliance.GetProperty("delisted").GetInt64(), compliance.GetProperty("lapsed").GetInt64(),
            compliance.GetProperty("delistedLate").GetInt64()));
    }
}
