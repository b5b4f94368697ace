using System.Net;
using System.Net.Http.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Evidence.EvidenceTests;

namespace Delisting.Api.Tests.Evidence;

/// <summary>Captures cited by mirror reports: checked, shown when read, and readable by the ruling's plaintiffs and engines.</summary>
public sealed class CaptureTests
{
    private static readonly byte[] Capture = "<html>allostreaming-copy: same catalogue</html>"u8.ToArray();
    private const string Reports = "/v1/rulings/test-ruling-in-force/mirror-reports";

    private static object Report(object capture) => new
    {
        domain = "allostreaming-copy.example", mirrorOf = "allostreaming.com", evidence = new[] { "https://allostreaming-copy.example/film/1" },
        captures = new[] { capture },
    };

    private static object Cited(string sha256, string? url = "https://www.allostreaming-copy.example/film/1",
        string capturedAt = "2026-11-28T18:00:00Z") =>
        new { sha256, url, capturedAt, mediaType = "text/html", description = "The mirror's film page." };

    [Fact]
    public async Task A_report_cites_stored_captures_shows_them_when_read_and_opens_them_to_the_rulings_plaintiffs_and_engines()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"], plaintiffs: ["apc", "fndf"]);
        var apc = await app.RightsHolderAsync("apc");
        var sha = Sha(Capture);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(apc, sha, Capture)).StatusCode);
        var google = await app.LiaisonAsync("google");
        await (await google.GetAsync($"/v1/evidence/{sha}")).AssertProblemAsync(404);

        var created = await apc.PostAsJsonAsync(Reports, Report(Cited(sha)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = await created.ReadJsonAsync();
        var shown = Assert.Single(report.GetProperty("captures").EnumerateArray());
        Assert.Equal(sha, shown.Str("sha256"));
        Assert.Equal("https://www.allostreaming-copy.example/film/1", shown.Str("url"));
        var read = await apc.GetJsonAsync($"{Reports}/{report.Str("id")}");
        Assert.Equal(report.GetProperty("captures").GetRawText(), read.GetProperty("captures").GetRawText());
        Assert.Equal(sha, (await google.GetJsonAsync(Reports)).GetProperty("items")[0].GetProperty("captures")[0].Str("sha256"));

        Assert.Equal(Capture, await (await google.GetAsync($"/v1/evidence/{sha}")).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await (await app.RightsHolderAsync("fndf")).GetAsync($"/v1/evidence/{sha}")).StatusCode);
        await (await (await app.RightsHolderAsync("sevn")).GetAsync($"/v1/evidence/{sha}")).AssertProblemAsync(404);
        await (await (await app.LiaisonAsync("bing")).GetAsync($"/v1/evidence/{sha}")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("not-stored", "captures[0].sha256")]
    [InlineData("future", "captures[0].capturedAt")]
    [InlineData("off-domain", "captures[0].url")]
    [InlineData("bad-hash", "captures[0].sha256")]
    public async Task A_capture_not_stored_taken_in_the_future_or_off_the_domain_is_422_and_nothing_is_reported(string flaw, string path)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync();
        var sha = Sha(Capture);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(apc, sha, Capture)).StatusCode);
        var capture = flaw switch
        {
            "not-stored" => Cited(Sha("never uploaded"u8.ToArray())),
            "future" => Cited(sha, capturedAt: "2026-11-29T09:00:01Z"),
            "off-domain" => Cited(sha, url: "https://elsewhere.example/film/1"),
            _ => Cited(sha.ToUpperInvariant()),
        };
        var problem = await (await apc.PostAsJsonAsync(Reports, Report(capture))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        Assert.Empty((await apc.GetJsonAsync(Reports)).GetProperty("items").EnumerateArray());
    }
}

/// <summary>Captures cited by delisting requests.</summary>
public sealed class RequestCaptureTests
{
    private static readonly byte[] Capture = "<html>film 1 on the pirate site</html>"u8.ToArray();

    private static object Body(string sha256, string url, string capturedAt = "2026-11-28T18:00:00Z") => new
    {
        rulingId = "test-ruling-in-force", urls = new[] { "https://www.allostreaming.com/film/1" },
        captures = new[] { new { sha256, url, capturedAt, mediaType = "text/html", description = "The film page." } },
    };

    [Fact]
    public async Task A_request_cites_a_stored_capture_of_one_of_its_urls_shows_it_when_read_and_opens_it_to_the_bound_engines()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync();
        var sha = Sha(Capture);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(apc, sha, Capture)).StatusCode);
        var created = await apc.PostAsJsonAsync("/v1/requests", Body(sha, "https://WWW.allostreaming.com/film/1#player"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await created.ReadJsonAsync();
        Assert.Equal("https://www.allostreaming.com/film/1", request.GetProperty("captures")[0].Str("url"));
        Assert.Equal(request.GetProperty("captures").GetRawText(),
            (await apc.GetJsonAsync($"/v1/requests/{request.Str("id")}")).GetProperty("captures").GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await (await app.LiaisonAsync("google")).GetAsync($"/v1/evidence/{sha}")).StatusCode);
    }

    [Theory]
    [InlineData("not-stored", "captures[0].sha256")]
    [InlineData("future", "captures[0].capturedAt")]
    [InlineData("other-url", "captures[0].url")]
    public async Task A_capture_not_stored_in_the_future_or_of_another_url_is_422_and_nothing_is_stored(string flaw, string path)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync();
        var sha = Sha(Capture);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(apc, sha, Capture)).StatusCode);
        var body = flaw switch
        {
            "not-stored" => Body(Sha("never uploaded"u8.ToArray()), "https://www.allostreaming.com/film/1"),
            "future" => Body(sha, "https://www.allostreaming.com/film/1", "2026-11-30T00:00:00Z"),
            _ => Body(sha, "https://www.allostreaming.com/film/2"),
        };
        var problem = await (await apc.PostAsJsonAsync("/v1/requests", body)).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        Assert.Empty((await apc.GetJsonAsync("/v1/requests")).GetProperty("items").EnumerateArray());
    }
}
