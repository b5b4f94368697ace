using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Requests;

public sealed class RequestsTests
{
    private static Task<HttpResponseMessage> Submit(HttpClient client, string rulingId, IEnumerable<string?> urls, string? clientReference = null,
        string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/requests")
        {
            Content = JsonContent.Create(new { rulingId, clientReference, urls }),
        };
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(message);
    }

    private static async Task<List<JsonElement>> ReadAll(HttpClient client, string path, int limit)
    {
        var all = new List<JsonElement>();
        string? next = null;
        var separator = path.Contains('?') ? '&' : '?';
        do
        {
            var url = $"{path}{separator}limit={limit}" + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}");
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            Assert.True(page.GetProperty("items").GetArrayLength() <= limit);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            next = page.GetProperty("next").GetString();
        } while (next is not null);
        return all;
    }

    [Fact]
    public async Task A_plaintiff_submits_urls_and_gets_notices_items_per_engine_and_the_deadline()
    {
        await using var app = new DelistingApp();
        // Served 2026-11-22, submitted 2026-11-29: 15 days run from the later date → overdue from the end of 2026-12-14 in Paris.
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");

        var response = await Submit(apc, ruling,
            ["HTTPS://WWW.AlloStreaming.COM./film/123?Lang=FR#player", "http://dpstream.tv:80/serie/9", "https://allostreaming.com:443/a%20b"],
                "apc-crawl-001");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/requests/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("apc", body.GetProperty("organisation").GetString());
        Assert.Equal("apc-crawl-001", body.GetProperty("clientReference").GetString());
        Assert.Equal("2026-11-29T09:00:00Z", body.GetProperty("submittedAt").GetString());
        Assert.Equal("2026-12-14T23:00:00Z", body.GetProperty("deadline").GetString());
        Assert.Equal("open", body.GetProperty("state").GetString());
        var urls = body.GetProperty("urls").EnumerateArray().ToList();
        Assert.Equal(["https://www.allostreaming.com/film/123?Lang=FR", "http://dpstream.tv/serie/9", "https://allostreaming.com/a%20b"],
            urls.Select(u => u.GetProperty("url").GetString()));
        Assert.Equal(["allostreaming.com", "dpstream.tv", "allostreaming.com"], urls.Select(u => u.GetProperty("site").GetString()));
        Assert.All(urls, u => Assert.False(u.GetProperty("alreadyRequested").GetBoolean()));
        Assert.Equal(3, urls.Select(u => u.GetProperty("noticeId").GetString()).Distinct().Count());
        foreach (var engine in new[] { "google", "bing" })
        {
            var summary = body.GetProperty("summary").GetProperty(engine);
            Assert.Equal(3, summary.GetProperty("pending").GetInt64());
            Assert.Equal(0, summary.GetProperty("overdue").GetInt64());
        }

        var read = await (await apc.GetAsync($"/v1/requests/{id}")).ReadJsonAsync();
        Assert.Equal(body.GetProperty("urls").GetRawText(), read.GetProperty("urls").GetRawText());
        var items = await ReadAll(apc, $"/v1/requests/{id}/items", 100);
        Assert.Equal(6, items.Count);
        Assert.All(items, i => Assert.Equal("pending", i.GetProperty("status").GetString()));
        Assert.Equal(3, items.Count(i => i.GetProperty("engine").GetString() == "google"));
    }

    [Fact]
    public async Task One_bad_url_refuses_the_whole_request_and_names_every_offender()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");

        var response = await Submit(apc, ruling,
        [
            "https://www.allostreaming.com/ok",
            "https://allostreaming.net/mirror",
            "ftp://allostreaming.com/file",
            "https://user:pw@allostreaming.com/",
            "https://127.0.0.1/x",
            "https://evilallostreaming.com/",
            "https://www.allostreaming.com/ok again",
            null,
            "//allostreaming.com/protocol-relative",
        ]);

        var problem = await response.AssertProblemAsync(422);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["urls[1]", "urls[2]", "urls[3]", "urls[4]", "urls[5]", "urls[6]", "urls[7]", "urls[8]"],
            errors.EnumerateObject().Select(e => e.Name).Order());
        var mirror = errors.GetProperty("urls[1]")[0].GetString()!;
        Assert.Contains("allostreaming.net", mirror);
        Assert.Contains(ruling, mirror);
        Assert.Contains("ftp", errors.GetProperty("urls[2]")[0].GetString());
        Assert.Contains("evilallostreaming.com", errors.GetProperty("urls[5]")[0].GetString());

        var list = await (await apc.GetAsync("/v1/requests")).ReadJsonAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        var queue = await (await (await app.LiaisonAsync("google")).GetAsync("/v1/engines/google/items")).ReadJsonAsync();
        Assert.Equal(0, queue.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_ruling_must_exist_and_be_in_force_today()
    {
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync("apc");
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        await app.CreateRulingInForceAsync("served-next-week", servedOn: today.AddDays(7).ToString("yyyy-MM-dd"));

        var unknown = await (await Submit(apc, "no-such-ruling", ["https://allostreaming.com/x"])).AssertProblemAsync(422);
        Assert.Contains("no-such-ruling", unknown.GetProperty("errors").GetProperty("rulingId")[0].GetString());

        var expired = await (await Submit(apc, "tgi-paris-2013-11-28-allostreaming", ["https://allostreaming.com/x"])).AssertProblemAsync(422);
        Assert.Contains("no longer in force", expired.GetProperty("errors").GetProperty("rulingId")[0].GetString());
        Assert.Contains("2014-12-13", expired.GetProperty("errors").GetProperty("rulingId")[0].GetString());

        var notYet = await (await Submit(apc, "served-next-week", ["https://allostreaming.com/x"])).AssertProblemAsync(422);
        Assert.Contains("not in force yet", notYet.GetProperty("errors").GetProperty("rulingId")[0].GetString());
    }

    [Fact]
    public async Task Only_a_plaintiff_rights_holder_may_submit()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(plaintiffs: ["apc"]);
        var urls = new[] { "https://allostreaming.com/x" };

        await (await Submit(await app.RightsHolderAsync("spi"), ruling, urls)).AssertProblemAsync(403);
        await (await Submit(await app.LiaisonAsync("google"), ruling, urls)).AssertProblemAsync(403);
        await (await Submit(app.Admin(), ruling, urls)).AssertProblemAsync(403);
        await (await Submit(app.Anonymous(), ruling, urls)).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.Created, (await Submit(await app.RightsHolderAsync("apc"), ruling, urls)).StatusCode);
    }

    [Fact]
    public async Task Counts_and_lengths_are_bounded()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");

        var none = await (await Submit(apc, ruling, [])).AssertProblemAsync(422);
        Assert.True(none.GetProperty("errors").TryGetProperty("urls", out _));
        var tooMany = await (await Submit(apc, ruling, Enumerable.Range(0,
            10_001).Select(i => $"https://allostreaming.com/{i}"))).AssertProblemAsync(422);
        Assert.Contains("10,001", tooMany.GetProperty("errors").GetProperty("urls")[0].GetString());
        var longReference = await (await Submit(apc, ruling, ["https://allostreaming.com/x"], new string('r', 201))).AssertProblemAsync(422);
        Assert.True(longReference.GetProperty("errors").TryGetProperty("clientReference", out _));
        var longUrl = await (await Submit(apc, ruling, ["https://allostreaming.com/" + new string('a', 2030)])).AssertProblemAsync(422);
        Assert.True(longUrl.GetProperty("errors").TryGetProperty("urls[0]", out _));
        await (await apc.PostAsync("/v1/requests",
            HttpAssertions.JsonBody("""{"rulingId": "x", "urls": "https://allostreaming.com/"}"""))).AssertProblemAsync(400);
        await (await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody("""{"rulingId": "x", "urls": [1, 2]}"""))).AssertProblemAsync(400);
        await (await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody("""{"rulingId": "x", "urls": ["""))).AssertProblemAsync(400);
        await (await apc.PostAsync("/v1/requests", new StringContent("rulingId=x"))).AssertProblemAsync(415);
    }

    [Fact]
    public async Task A_body_beyond_the_request_limit_is_refused_with_413()
    {
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync("apc");
        var content = new ByteArrayContent(new byte[25 * 1024 * 1024]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        await (await apc.PostAsync("/v1/requests", content)).AssertProblemAsync(413);
    }

    [Fact]
    public async Task The_same_url_is_kept_once_and_reused_across_requests_and_organisations()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(plaintiffs: ["apc", "fndf"]);
        var apc = await app.RightsHolderAsync("apc");
        var fndf = await app.RightsHolderAsync("fndf");

        var first = await (await Submit(apc, ruling, ["https://allostreaming.com/film/1", "https://ALLOSTREAMING.com/film/1#again"])).ReadJsonAsync();
        Assert.Equal(1, first.GetProperty("urls").GetArrayLength());
        var notice = first.GetProperty("urls")[0].GetProperty("noticeId").GetString();

        var second = await (await Submit(fndf, ruling, ["https://allostreaming.com/film/1", "https://allostreaming.com/film/2"])).ReadJsonAsync();
        var urls = second.GetProperty("urls");
        Assert.True(urls[0].GetProperty("alreadyRequested").GetBoolean());
        Assert.Equal(notice, urls[0].GetProperty("noticeId").GetString());
        Assert.False(urls[1].GetProperty("alreadyRequested").GetBoolean());
        Assert.Equal(2, second.GetProperty("summary").GetProperty("google").GetProperty("pending").GetInt64());

        // One item per URL and engine, however many requests name the URL.
        var queue = await ReadAll(await app.LiaisonAsync("google"), "/v1/engines/google/items", 100);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public async Task An_organisation_never_sees_another_organisations_requests()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(plaintiffs: ["apc", "fndf"]);
        var apc = await app.RightsHolderAsync("apc");
        var fndf = await app.RightsHolderAsync("fndf");
        var id = (await (await Submit(apc, ruling, ["https://allostreaming.com/1"])).ReadJsonAsync()).GetProperty("id").GetString();
        await Submit(fndf, ruling, ["https://allostreaming.com/2"]);

        await (await fndf.GetAsync($"/v1/requests/{id}")).AssertProblemAsync(404);
        await (await fndf.GetAsync($"/v1/requests/{id}/items")).AssertProblemAsync(404);
        await (await fndf.GetAsync($"/v1/requests/{id}/events")).AssertProblemAsync(404);
        await (await fndf.GetAsync("/v1/requests/req_000000000000000000000000")).AssertProblemAsync(404);
        await (await (await app.LiaisonAsync("google")).GetAsync($"/v1/requests/{id}")).AssertProblemAsync(403);

        var fndfList = await ReadAll(fndf, "/v1/requests", 10);
        Assert.Single(fndfList);
        Assert.Equal("fndf", fndfList[0].GetProperty("organisation").GetString());
        Assert.Equal(2, (await ReadAll(app.Admin(), "/v1/requests", 10)).Count);
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().GetAsync($"/v1/requests/{id}")).StatusCode);
    }

    [Fact]
    public async Task After_a_restart_a_request_reads_the_same_and_stays_scoped_to_its_organisation()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-restart-{Guid.NewGuid():N}.db");
        try
        {
            string id, apcKey, fndfKey, before;
            await using (var first = new DelistingApp(databasePath: path))
            {
                var ruling = await first.CreateRulingInForceAsync(plaintiffs: ["apc", "fndf"]);
                apcKey = await first.CreateKeyAsync("rights-holder", organisation: "apc");
                fndfKey = await first.CreateKeyAsync("rights-holder", organisation: "fndf");
                var created = await Submit(first.WithKey(apcKey), ruling, ["https://allostreaming.com/a", "https://dpstream.tv/b"]);
                id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
                before = await (await first.WithKey(apcKey).GetAsync($"/v1/requests/{id}")).Content.ReadAsStringAsync();
            }

            // A new process knows nothing of the request until it reads it from the database.
            await using var second = new DelistingApp(databasePath: path);
            await (await second.WithKey(fndfKey).GetAsync($"/v1/requests/{id}")).AssertProblemAsync(404);
            Assert.Equal(before, await (await second.WithKey(apcKey).GetAsync($"/v1/requests/{id}")).Content.ReadAsStringAsync());
            await (await second.WithKey(fndfKey).GetAsync($"/v1/requests/{id}")).AssertProblemAsync(404);
            Assert.Equal(before, await (await second.WithKey(apcKey).GetAsync($"/v1/requests/{id}")).Content.ReadAsStringAsync());
        }
        finally
        {
            HttpAssertions.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task Paging_lists_every_request_once_newest_first_and_filters_by_ruling_and_state()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var other = await app.CreateRulingInForceAsync("other-ruling");
        var apc = await app.RightsHolderAsync("apc");
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            var body = await (await Submit(apc, i % 2 == 0 ? ruling : other, [$"https://allostreaming.com/{i}"])).ReadJsonAsync();
            ids.Add(body.GetProperty("id").GetString()!);
        }

        var all = await ReadAll(apc, "/v1/requests", 2);
        Assert.Equal(Enumerable.Reverse(ids), all.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(4, (await ReadAll(apc, $"/v1/requests?rulingId={ruling}", 3)).Count);
        Assert.Equal(7, (await ReadAll(apc, "/v1/requests?state=open", 3)).Count);
        Assert.Empty(await ReadAll(apc, "/v1/requests?state=closed", 3));
        await (await apc.GetAsync("/v1/requests?state=done")).AssertProblemAsync(400);
        await (await apc.GetAsync("/v1/requests?limit=0")).AssertProblemAsync(400);
        await (await apc.GetAsync("/v1/requests?limit=1001")).AssertProblemAsync(400);
        await (await apc.GetAsync("/v1/requests?after=not-a-cursor")).AssertProblemAsync(400);
    }

    [Fact]
    public async Task An_idempotent_retry_replays_the_first_response_and_a_changed_body_is_refused()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        string[] urls = ["https://allostreaming.com/1", "https://allostreaming.com/2"];

        var first = await Submit(apc, ruling, urls, "ref", "key-1");
        app.Time.Advance(TimeSpan.FromHours(23));
        var replay = await Submit(apc, ruling, urls, "ref", "key-1");

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        var changed = await (await Submit(apc, ruling, ["https://allostreaming.com/3"], "ref", "key-1")).AssertProblemAsync(422);
        Assert.True(changed.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        // The key is scoped to the caller: another key may use the same value for its own request.
        var secondApcKey = await app.RightsHolderAsync("apc");
        var own = await Submit(secondApcKey, ruling, urls, "ref", "key-1");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.False(own.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, own.Headers.Location);
        Assert.Equal(2, (await ReadAll(apc, "/v1/requests", 10)).Count);
    }

    [Fact]
    public async Task Eight_concurrent_identical_posts_create_exactly_one_request()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var key = await app.CreateKeyAsync("rights-holder", organisation: "apc");
        var urls = Enumerable.Range(0, 500).Select(i => $"https://allostreaming.com/film/{i}").ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Submit(app.WithKey(key), ruling, urls, "same", "concurrent-key")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"unexpected {(int)r.StatusCode}"));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(r => r.Headers.Location!.OriginalString).Distinct());
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict)) await conflict.AssertProblemAsync(409);
        Assert.Single(await ReadAll(app.WithKey(key), "/v1/requests", 10));

        var again = await Submit(app.WithKey(key), ruling, urls, "same", "concurrent-key");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(created[0].Headers.Location, again.Headers.Location);
    }

    [Fact]
    public async Task Request_items_page_through_every_item_once_with_filters()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var id = (await (await Submit(apc, ruling, Enumerable.Range(0,
            25).Select(i => $"https://dpstream.tv/{i}"))).ReadJsonAsync()).GetProperty("id").GetString();

        var items = await ReadAll(apc, $"/v1/requests/{id}/items", 7);
        Assert.Equal(50, items.Count);
        Assert.Equal(50, items.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(25, (await ReadAll(apc, $"/v1/requests/{id}/items?engine=bing", 10)).Count);
        Assert.Equal(50, (await ReadAll(apc, $"/v1/requests/{id}/items?status=pending", 100)).Count);
        Assert.Empty(await ReadAll(apc, $"/v1/requests/{id}/items?status=delisted", 100));
        await (await apc.GetAsync($"/v1/requests/{id}/items?status=gone")).AssertProblemAsync(400);
    }

    [Fact]
    public async Task A_ten_thousand_url_request_goes_through_end_to_end()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var urls = Enumerable.Range(0, 10_000).Select(i => $"https://www.allostreaming.com/film/{i}?q=" + new string('x', 100)).ToArray();

        var response = await Submit(apc, ruling, urls);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(10_000, body.GetProperty("urls").GetArrayLength());
        Assert.Equal(10_000, body.GetProperty("summary").GetProperty("google").GetProperty("pending").GetInt64());
        var id = body.GetProperty("id").GetString();
        var read = await (await apc.GetAsync($"/v1/requests/{id}")).ReadJsonAsync();
        Assert.Equal(10_000, read.GetProperty("urls").GetArrayLength());
        Assert.Equal(urls[9_999], read.GetProperty("urls")[9_999].GetProperty("url").GetString());
        Assert.Equal(20_000, (await ReadAll(apc, $"/v1/requests/{id}/items", 1000)).Count);
    }
}
