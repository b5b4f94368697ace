using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;
using static Delisting.Api.Tests.ProtectedHosts.ProtectedHostsTests;

namespace Delisting.Api.Tests.ProtectedHosts;

/// <summary>withdrawOpenItems: one call ends every claim on the URLs whose host becomes protected, under every ruling.</summary>
public sealed class ProtectedHostWithdrawalTests
{
    private const string Host = "files.shared-platform.example";

    private static async Task<string> RulingAsync(DelistingApp app, string id, string domain, string? protectedHostOverride = null)
    {
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        var response = await app.Admin().PostAsJsonAsync("/v1/rulings", new
        {
            id, court = "Tribunal judiciaire de Paris", caseReference = "RG 26/00079",
            decidedOn = today.AddDays(-10).ToString("yyyy-MM-dd"), complianceDays = 15, inForceUntil = today.AddYears(1).ToString("yyyy-MM-dd"),
            plaintiffs = new[] { "apc", "fndf" }, engines = new[] { "google", "bing" },
            sites = new object[] { new { domain, protectedHostOverride }, new { domain = $"{id}.example" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    [Fact]
    public async Task Protecting_a_host_withdraws_its_claimed_urls_under_every_ruling_as_an_admin_withdrawal_would()
    {
        await using var app = new DelistingApp();
        var a = await RulingAsync(app, "ruling-a", "shared-platform.example");
        var b = await RulingAsync(app, "ruling-b", Host);
        var c = await RulingAsync(app, "ruling-c", "shared-platform.example", "The court orders it despite the shared host.");
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var fndf = await app.ActorAsync("rights-holder", organisation: "fndf");
        var google = await app.ActorAsync("engine", engine: "google");
        var inA = await apc.Client.SubmitAsync(a, $"https://{Host}/1", $"https://{Host}/2", "https://www.shared-platform.example/3",
            "https://ruling-a.example/4");
        await fndf.Client.SubmitAsync(a, $"https://{Host}/1");
        var inB = await apc.Client.SubmitAsync(b, $"https://{Host}/b1", $"https://x.{Host}/b2");
        var inC = await apc.Client.SubmitAsync(c, $"https://{Host}/c1");
        var delisted = (await app.ItemIdsAsync(inA, "google"))[0];
        await google.Client.RespondOkAsync("google", Delist(delisted));

        var created = await ProtectAsync(app.Admin(), Host, withdraw: true);
        var withdrawal = created.GetProperty("withdrawal");
        Assert.Equal(2, withdrawal.GetProperty("rulings").GetInt32());
        Assert.Equal(4, withdrawal.GetProperty("urls").GetInt32());
        Assert.Equal(8, withdrawal.GetProperty("items").GetInt32());

        var statuses = (await app.Admin().GetJsonAsync($"/v1/requests/{inA.Str("id")}/items?limit=1000")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => (i.Str("url"), i.Str("engine")), i => i.Str("status"));
        Assert.Equal("relist-pending", statuses[($"https://{Host}/1", "google")]);
        Assert.Equal("withdrawn", statuses[($"https://{Host}/1", "bing")]);
        Assert.Equal("withdrawn", statuses[($"https://{Host}/2", "google")]);
        Assert.Equal("pending", statuses[("https://www.shared-platform.example/3", "google")]);
        Assert.Equal("pending", statuses[("https://ruling-a.example/4", "bing")]);
        Assert.All((await app.Admin().GetJsonAsync($"/v1/requests/{inB.Str("id")}/items")).GetProperty("items").EnumerateArray(),
            i => Assert.Equal("withdrawn", i.Str("status")));
        Assert.All((await app.Admin().GetJsonAsync($"/v1/requests/{inC.Str("id")}/items")).GetProperty("items").EnumerateArray(),
            i => Assert.Equal("pending", i.Str("status")));

        var reason = "protected host: Shared file host used by millions of unrelated users.";
        var rulingEvents = (await app.Admin().GetJsonAsync($"/v1/rulings/{a}/events")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(rulingEvents, e => e.Str("type") == "withdrawn" && e.Str("reason") == reason);
        var trail = await app.Admin().EventsAsync(inA.Str("id"));
        Assert.Equal(2, trail.Count(e => e.Str("type") == "withdrawn" && e.Str("reason") == reason));
        Assert.Contains(trail, e => e.Str("type") == "status-changed" && e.Str("to") == "relist-pending" && e.Str("reason") == reason);
        var feed = (await google.Client.GetJsonAsync("/v1/engines/google/changes?limit=1000")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(feed, e => e.Str("type") == "relist-requested" && e.GetProperty("item").Str("url") == $"https://{Host}/1");
        Assert.Equal(3, feed.Count(e => e.Str("type") == "item-withdrawn"));

        // The host is protected now: the URLs are not accepted again, except under the ruling whose site a court allowed.
        await (await apc.Client.PostRequestAsync(a, $"https://{Host}/1")).AssertProblemAsync(422);
        await apc.Client.SubmitAsync(c, $"https://{Host}/c2");
    }

    [Fact]
    public async Task A_refused_protection_withdraws_nothing_and_without_the_flag_nothing_moves()
    {
        await using var app = new DelistingApp();
        var a = await RulingAsync(app, "ruling-a", "shared-platform.example");
        var apc = await app.RightsHolderAsync();
        var request = await apc.SubmitAsync(a, $"https://{Host}/1");
        await ProtectAsync(app.Admin(), $"sub.{Host}", withdraw: true);
        var quiet = await ProtectAsync(app.Admin(), Host);
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("withdrawal").ValueKind);
        var again = await app.Admin().PostAsJsonAsync("/v1/protected-hosts", new { host = Host, reason = "again", withdrawOpenItems = true });
        await again.AssertProblemAsync(409);
        Assert.All((await app.Admin().GetJsonAsync($"/v1/requests/{request.Str("id")}/items")).GetProperty("items").EnumerateArray(),
            i => Assert.Equal("pending", i.Str("status")));
    }
}
