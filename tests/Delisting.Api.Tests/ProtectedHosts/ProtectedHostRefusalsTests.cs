using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.ProtectedHosts.ProtectedHostsTests;

namespace Delisting.Api.Tests.ProtectedHosts;

/// <summary>Sites, extensions, mirror reports and URLs that hit a protected host, and the override only a court gives.</summary>
public sealed class ProtectedHostRefusalsTests
{
    private const string Words = "The court orders the delisting of these pages although the host is shared (RG 26/00077, p. 4).";

    private static object Ruling(DelistingApp app, string id, params object[] sites)
    {
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        return new
        {
            id, court = "Tribunal judiciaire de Paris", caseReference = "RG 26/00077",
            decidedOn = today.AddDays(-10).ToString("yyyy-MM-dd"), servedOn = today.AddDays(-7).ToString("yyyy-MM-dd"),
            complianceDays = 15, inForceUntil = today.AddYears(1).ToString("yyyy-MM-dd"),
            plaintiffs = new[] { "apc" }, engines = new[] { "google" }, sites,
        };
    }

    [Theory]
    [InlineData("google.com", "docs.google.com")]                  // covers protected hosts: the first by name is named
    [InlineData("drive.google.com", "drive.google.com")]           // is one
    [InlineData("eu.drive.usercontent.google.com", "drive.usercontent.google.com")] // under one that includes subdomains
    [InlineData("WIKIPEDIA.org.", "wikipedia.org")]                // normalized first
    public async Task A_ruling_site_that_hits_a_protected_host_is_422_at_its_domain_naming_the_entry(string domain, string entry)
    {
        await using var app = new DelistingApp();
        var response = await app.Admin().PostAsJsonAsync("/v1/rulings",
            Ruling(app, "protected-site-ruling", new { domain = "allostreaming.com" }, new { domain }));
        var problem = await response.AssertProblemAsync(422);
        var message = problem.GetProperty("errors").GetProperty("sites[1].domain")[0].GetString()!;
        Assert.Contains($"'{entry}'", message);
        Assert.Contains("protectedHostOverride", message);
        await (await app.Admin().GetAsync("/v1/rulings/protected-site-ruling")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("evilwikipedia.org", 201)]        // not on a label boundary of wikipedia.org
    [InlineData("wikipedia.org.example", 201)]    // wikipedia.org is not a suffix of it
    [InlineData("usercontent.google.com", 422)]   // covers drive.usercontent.google.com
    [InlineData("xn--bcher-kva.example", 201)]    // IDN, no entry
    public async Task Label_boundaries_decide_what_a_site_hits(string domain, int status)
    {
        await using var app = new DelistingApp();
        var response = await app.Admin().PostAsJsonAsync("/v1/rulings", Ruling(app, "boundary-ruling", new { domain }));
        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task An_idn_entry_matches_the_unicode_and_the_punycode_form()
    {
        await using var app = new DelistingApp();
        Assert.Equal("xn--bcher-kva.example", (await ProtectAsync(app.Admin(), "BÜCHER.example")).Str("host"));
        foreach (var domain in new[] { "bücher.example", "www.xn--bcher-kva.example" })
        {
            await (await app.Admin().PostAsJsonAsync("/v1/rulings", Ruling(app, "idn-ruling", new { domain }))).AssertProblemAsync(422);
        }
    }

    [Fact]
    public async Task A_court_override_admits_the_site_shows_on_it_is_in_the_rulings_events_and_lets_its_urls_through()
    {
        await using var app = new DelistingApp();
        var response = await app.Admin().PostAsJsonAsync("/v1/rulings",
            Ruling(app, "override-ruling", new { domain = "drive.google.com", network = "Shared", protectedHostOverride = Words }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var site = (await response.ReadJsonAsync()).GetProperty("sites")[0];
        Assert.Equal(Words, site.Str("protectedHostOverride"));
        var events = (await app.Admin().GetJsonAsync("/v1/rulings/override-ruling/events")).GetProperty("items");
        var recorded = Assert.Single(events.EnumerateArray());
        Assert.Equal("protected-host-override", recorded.Str("type"));
        Assert.Equal("drive.google.com", recorded.Str("site"));
        Assert.Equal(Words, recorded.Str("reason"));

        var apc = await app.RightsHolderAsync();
        await apc.SubmitAsync("override-ruling", "https://drive.google.com/file/d/123/view");
    }

    [Fact]
    public async Task An_override_that_is_empty_too_long_or_has_control_characters_is_422_at_it()
    {
        await using var app = new DelistingApp();
        foreach (var words in new[] { " ", new string('w', 1001), "Ordered\u001b[31m" })
        {
            var response = await app.Admin().PostAsJsonAsync("/v1/rulings",
                Ruling(app, "bad-override", new { domain = "drive.google.com", protectedHostOverride = words }));
            var problem = await response.AssertProblemAsync(422);
            Assert.True(problem.GetProperty("errors").TryGetProperty("sites[0].protectedHostOverride", out _), problem.ToString());
        }
    }

    [Fact]
    public async Task A_url_whose_host_is_protected_is_422_at_its_index_and_nothing_is_stored()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(domains: ["shared-platform.example"]);
        var entry = await ProtectAsync(app.Admin(), "files.shared-platform.example");
        var apc = await app.RightsHolderAsync();
        var response = await apc.PostRequestAsync("test-ruling-in-force",
            "https://www.shared-platform.example/film/1", "https://eu.files.shared-platform.example/f/2",
                "https://files.shared-platform.example./f/3");
        var problem = await response.AssertProblemAsync(422);
        var errors = problem.GetProperty("errors");
        Assert.False(errors.TryGetProperty("urls[0]", out _));
        Assert.Contains(entry.Str("id"), errors.GetProperty("urls[1]")[0].GetString());
        Assert.Contains(entry.Str("id"), errors.GetProperty("urls[2]")[0].GetString());
        Assert.Empty((await app.Admin().GetJsonAsync("/v1/requests")).GetProperty("items").EnumerateArray());
        // Not on a label boundary, or a subdomain of an entry without includeSubdomains: not protected.
        await ProtectAsync(app.Admin(), "exact.shared-platform.example", includeSubdomains: false);
        await apc.SubmitAsync("test-ruling-in-force", "https://www.shared-platform.example/film/1", "https://sub.exact.shared-platform.example/x",
            "https://evilfiles.shared-platform.example/x");
        await (await apc.PostRequestAsync("test-ruling-in-force", "https://exact.shared-platform.example/x")).AssertProblemAsync(422);
    }

    [Fact]
    public async Task Only_a_court_decision_extension_may_override_and_a_mirror_report_never()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(plaintiffs: ["apc"]);
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        object Extension(string basis, object site) => new
        {
            basis, reference = "RG 26/00078", decidedOn = today.ToString("yyyy-MM-dd"), inForceUntil = today.AddMonths(3).ToString("yyyy-MM-dd"),
            sites = new[] { site },
        };
        var path = "/v1/rulings/test-ruling-in-force/extensions";
        var arcom = await app.Admin().PostAsJsonAsync(path,
            Extension("arcom-request", new { domain = "vimeo.com", mirrorOf = "allostreaming.com", protectedHostOverride = Words }));
        Assert.True((await arcom.AssertProblemAsync(422)).GetProperty("errors").TryGetProperty("sites[0].protectedHostOverride", out _));
        var bare = await app.Admin().PostAsJsonAsync(path, Extension("court-decision", new { domain = "vimeo.com" }));
        Assert.Contains("vimeo.com", (await bare.AssertProblemAsync(422)).GetProperty("errors").GetProperty("sites[0].domain")[0].GetString());
        var court = await app.Admin().PostAsJsonAsync(path, Extension("court-decision", new { domain = "vimeo.com", protectedHostOverride = Words }));
        Assert.Equal(HttpStatusCode.Created, court.StatusCode);
        Assert.Equal(Words, (await court.ReadJsonAsync()).GetProperty("sites")[0].Str("protectedHostOverride"));
        var events = (await app.Admin().GetJsonAsync("/v1/rulings/test-ruling-in-force/events")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(events, e => e.Str("type") == "protected-host-override" && e.Str("site") == "vimeo.com" && e.Str("extensionId") is not null);

        var apc = await app.RightsHolderAsync();
        var reports = "/v1/rulings/test-ruling-in-force/mirror-reports";
        var protectedDomain = await apc.PostAsJsonAsync(reports,
            new { domain = "dailymotion.com", mirrorOf = "allostreaming.com", evidence = new[] { "https://dailymotion.com/video/1" } });
        Assert.Contains("dailymotion.com",
            (await protectedDomain.AssertProblemAsync(422)).GetProperty("errors").GetProperty("domain")[0].GetString());
        var overriding = await apc.PostAsJsonAsync(reports, new
        {
            domain = "allostreaming-copy.example", mirrorOf = "allostreaming.com", evidence = new[] { "https://allostreaming-copy.example/f" },
            protectedHostOverride = Words,
        });
        Assert.True((await overriding.AssertProblemAsync(422)).GetProperty("errors").TryGetProperty("protectedHostOverride", out _));
    }
}
