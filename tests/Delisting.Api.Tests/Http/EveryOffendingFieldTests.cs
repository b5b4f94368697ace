using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Http;

/// <summary>
/// A body wrong on its own (the validator's stage) and wrong against the stored ruling, request or queue (the handler's
/// stage) gets one 422 naming every offending field of both stages, and nothing changes.
/// </summary>
public sealed class EveryOffendingFieldTests
{
    private static string[] Keys(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();

    private static async Task<string[]> RefusedKeysAsync(HttpResponseMessage response) => Keys(await response.AssertProblemAsync(422));

    [Fact]
    public async Task A_request_names_its_too_long_reference_and_its_url_off_the_ruling_together()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");

        var response = await apc.PostAsJsonAsync("/v1/requests", new
        {
            rulingId = ruling, clientReference = new string('r', 201),
            urls = new[] { "https://www.allostreaming.com/film/1", "https://not-listed.example/film/2", "not a url" },
        });

        Assert.Equal(["clientReference", "urls[1]", "urls[2]"], await RefusedKeysAsync(response));
        Assert.Empty(await app.Admin().QueueAsync("google"));
    }

    [Fact]
    public async Task A_request_under_an_unknown_ruling_names_the_ruling_and_the_reference()
    {
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync("apc");

        var response = await apc.PostAsJsonAsync("/v1/requests", new
        {
            rulingId = "no-such-ruling", clientReference = new string('r', 201), urls = Urls(1),
        });

        Assert.Equal(["clientReference", "rulingId"], await RefusedKeysAsync(response));
    }

    [Fact]
    public async Task A_mirror_report_names_its_public_suffix_domain_and_its_unknown_mirrorOf_together()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");

        var response = await apc.PostAsJsonAsync($"/v1/rulings/{ruling}/mirror-reports", new
        {
            domain = "co.uk", mirrorOf = "not-a-site.example", evidence = new[] { "https://co.uk/film/1" },
        });

        var keys = await RefusedKeysAsync(response);
        Assert.Contains("domain", keys);
        Assert.Contains("mirrorOf", keys);
        Assert.Equal(0, (await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/mirror-reports")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_extension_names_its_missing_reference_and_its_site_already_covered_together()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);

        var response = await app.Admin().PostAsJsonAsync($"/v1/rulings/{ruling}/extensions", new
        {
            basis = "court-decision", decidedOn = today.ToString("yyyy-MM-dd"), inForceUntil = today.AddYears(1).ToString("yyyy-MM-dd"),
            sites = new object[] { new { domain = "www.allostreaming.com" }, new { domain = "-bad-.example" } },
        });

        Assert.Equal(["reference", "sites[0].domain", "sites[1].domain"], await RefusedKeysAsync(response));
        var extensions = await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/extensions");
        Assert.Equal(0, extensions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_withdrawal_names_its_missing_reason_its_bad_url_and_its_url_not_in_the_request_together()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var request = await apc.SubmitAsync(ruling, Urls(2));

        var response = await apc.PostAsJsonAsync($"/v1/requests/{request.Str("id")}/withdrawals", new
        {
            reason = "", urls = new[] { "https://www.allostreaming.com/film/1", "not a url", "https://www.allostreaming.com/film/99" },
        });

        Assert.Equal(["reason", "urls[1]", "urls[2]"], await RefusedKeysAsync(response));
        Assert.All(await app.Admin().QueueAsync("google"), item => Assert.Equal("pending", item.Str("status")));
        Assert.Equal(2, (await app.Admin().QueueAsync("google")).Count);

        var underRuling = await app.Admin().PostAsJsonAsync($"/v1/rulings/{ruling}/withdrawals", new
        {
            urls = new[] { "https://www.allostreaming.com/film/2", "https://www.allostreaming.com/film/77" },
        });
        Assert.Equal(["reason", "urls[1]"], await RefusedKeysAsync(underRuling));
        Assert.Equal(2, (await app.Admin().QueueAsync("google")).Count);
    }

    [Fact]
    public async Task A_response_batch_names_its_bad_status_and_its_unknown_item_together_and_applies_nothing()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var request = await apc.SubmitAsync(ruling, Urls(2));
        var items = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");

        var response = await google.RespondAsync("google", Delist(items[0]), new { itemId = items[1], status = "gone" },
            Delist("itm_unknown_google"));

        Assert.Equal(["responses[1].status", "responses[2].itemId"], await RefusedKeysAsync(response));
        Assert.All(await app.Admin().QueueAsync("google"), item => Assert.Equal("pending", item.Str("status")));
    }

    [Fact]
    public async Task A_ruling_names_its_missing_court_and_its_unknown_plaintiff_together()
    {
        await using var app = new DelistingApp();
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);

        var response = await app.Admin().PostAsJsonAsync("/v1/rulings", new
        {
            id = "two-stages", caseReference = "RG 26/1", decidedOn = today.ToString("yyyy-MM-dd"), complianceDays = 15,
            inForceUntil = today.AddYears(1).ToString("yyyy-MM-dd"), plaintiffs = new[] { "apc", "nobody" }, engines = new[] { "google" },
            sites = new[] { new { domain = "allostreaming.com" } },
        });

        Assert.Equal(["court", "plaintiffs[1]"], await RefusedKeysAsync(response));
        await (await app.Admin().GetAsync("/v1/rulings/two-stages")).AssertProblemAsync(404);
    }

    private static readonly (string Path, string Body)[] HalfBrokenBodies =
    [
        ("/v1/requests", "{}"),
        ("/v1/requests", """{"rulingId":null,"urls":null,"captures":null}"""),
        ("/v1/requests", """{"rulingId":"RULING","urls":[]}"""),
        ("/v1/requests", """{"rulingId":"RULING","urls":[null,"x",""]}"""),
        ("/v1/requests", """{"rulingId":"RULING","urls":["https://www.allostreaming.com/1"],"captures":[null,{}]}"""),
        ("/v1/requests", """{"rulingId":"RULING","urls":["https://www.allostreaming.com/1"],"captures":[{"sha256":"zz","url":"no"}]}"""),
        ("/v1/rulings/RULING/mirror-reports", "{}"),
        ("/v1/rulings/RULING/mirror-reports", """{"domain":null,"mirrorOf":null,"evidence":null}"""),
        ("/v1/rulings/RULING/mirror-reports", """{"domain":"m.example","mirrorOf":"allostreaming.com","evidence":[null,""]}"""),
        ("/v1/rulings/RULING/mirror-reports", """{"domain":"","mirrorOf":"","evidence":[],"captures":[null]}"""),
        ("/v1/rulings/RULING/mirror-reports",
            """{"domain":"m.example","mirrorOf":"allostreaming.com","evidence":["https://m.example/1"],"captures":[null,{}]}"""),
        ("/v1/rulings/RULING/extensions", "{}"),
        ("/v1/rulings/RULING/extensions", """{"basis":"arcom-request","sites":[null],"mirrorReports":[null]}"""),
        ("/v1/rulings/RULING/extensions", """{"basis":"court-decision","sites":[{}],"servedOn":"2026-11-01"}"""),
        ("/v1/rulings/RULING/extensions",
            """{"basis":"arcom-request","decidedOn":"2026-11-01","sites":[{"domain":"m.example","mirrorOf":""}],"mirrorReports":[null,"x"]}"""),
        ("/v1/rulings/RULING/extensions", """{"basis":"x","servedOn":"2026-11-01","sites":[{"domain":"m.example","protectedHostOverride":""}]}"""),
        ("/v1/rulings/RULING/withdrawals", "{}"),
        ("/v1/rulings/RULING/withdrawals", """{"urls":[null,""]}"""),
        ("/v1/rulings/RULING/withdrawals", """{"urls":[],"reason":"x"}"""),
        ("/v1/engines/google/responses", "{}"),
        ("/v1/engines/google/responses", """{"responses":[null]}"""),
        ("/v1/engines/google/responses", """{"responses":[{},{"itemId":"a","status":"rejected"},{"itemId":"a","status":"delisted"}]}"""),
        ("/v1/rulings", "{}"),
        ("/v1/rulings", """{"plaintiffs":[null,""],"engines":[null],"sites":[null]}"""),
        ("/v1/rulings", """{"id":"x","sites":[{}],"plaintiffs":["apc","apc"],"engines":["google","nope"]}"""),
    ];

    [Fact]
    public async Task A_body_wrong_in_many_ways_at_once_is_a_422_never_a_500()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var google = app.WithKey(await app.CreateKeyAsync("engine", engine: "google"));
        var apc = app.WithKey(await app.CreateKeyAsync("rights-holder", organisation: "apc"));

        foreach (var (path, body) in HalfBrokenBodies)
        {
            var client = path.StartsWith("/v1/engines", StringComparison.Ordinal) ? google
                : path.EndsWith("/requests", StringComparison.Ordinal) || path.EndsWith("/mirror-reports", StringComparison.Ordinal) ? apc
                : app.Admin();
            var response = await client.PostAsync(path.Replace("RULING", ruling, StringComparison.Ordinal),
                HttpAssertions.JsonBody(body.Replace("RULING", ruling, StringComparison.Ordinal)));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == 422, $"POST {path} {body}: {(int)response.StatusCode} {text}");
        }
        Assert.Empty(await app.Admin().QueueAsync("google"));
    }
}
