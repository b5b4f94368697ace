using System.Net;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Engines;

public sealed class EngineQueueTests
{
    [Fact]
    public async Task The_google_liaison_reads_its_queue_oldest_first_with_deadline_and_overdue()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var first = await apc.SubmitAsync(ruling, Urls(2, from: 1));
        app.Time.Advance(TimeSpan.FromHours(1));
        var second = await apc.SubmitAsync(ruling, Urls(1, from: 3));

        var queue = await (await app.LiaisonAsync("google")).QueueAsync("google");

        Assert.Equal(Urls(3), queue.Select(i => i.Str("url")));
        var expectedIds = (await app.ItemIdsAsync(first, "google")).Concat(await app.ItemIdsAsync(second, "google"));
        Assert.Equal(expectedIds, queue.Select(i => i.Str("id")));
        Assert.All(queue, item =>
        {
            Assert.Equal("google", item.Str("engine"));
            Assert.Equal(ruling, item.Str("rulingId"));
            Assert.Equal("allostreaming.com", item.Str("site"));
            Assert.Equal("pending", item.Str("status"));
            // Served a week ago, submitted today (2026-11-29): 15 days run to the end of 2026-12-14 in Paris.
            Assert.Equal("2026-12-14T23:00:00Z", item.Str("deadline"));
            Assert.False(item.GetProperty("overdue").GetBoolean());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, item.GetProperty("reason").ValueKind);
        });
        Assert.Equal(first.GetProperty("urls")[0].Str("noticeId"), queue[0].Str("noticeId"));
    }

    [Fact]
    public async Task A_liaison_sees_only_its_own_engine_and_another_engines_queue_is_forbidden()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(2));
        var google = await app.LiaisonAsync("google");

        Assert.All(await google.QueueAsync("google"), i => Assert.Equal("google", i.Str("engine")));
        var refused = await (await google.GetAsync("/v1/engines/bing/items")).AssertProblemAsync(403);
        Assert.Contains("google", refused.Str("detail"));
    }

    [Fact]
    public async Task An_admin_reads_any_engines_queue()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(2));

        Assert.Equal(2, (await app.Admin().QueueAsync("bing")).Count);
        Assert.Equal(2, (await app.Admin().QueueAsync("google")).Count);
    }

    [Fact]
    public async Task An_unknown_engine_is_not_found()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().GetAsync("/v1/engines/altavista/items")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_rights_holder_may_not_read_a_queue_and_no_key_is_unauthorized()
    {
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await apc.GetAsync("/v1/engines/google/items")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/v1/engines/google/items")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithKey("not-a-key").GetAsync("/v1/engines/google/items")).StatusCode);
    }

    [Fact]
    public async Task The_status_filter_keeps_only_items_of_that_status()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(5));
        var ids = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");
        await google.RespondOkAsync("google", Acknowledge(ids[0]), Delist(ids[1]), Reject(ids[2]), Acknowledge(ids[3]));

        Assert.Equal([ids[4]], (await google.QueueAsync("google", "pending")).Select(i => i.Str("id")));
        Assert.Equal([ids[0], ids[3]], (await google.QueueAsync("google", "acknowledged")).Select(i => i.Str("id")));
        Assert.Equal([ids[1]], (await google.QueueAsync("google", "delisted")).Select(i => i.Str("id")));
        Assert.Equal([ids[2]], (await google.QueueAsync("google", "rejected")).Select(i => i.Str("id")));
        Assert.Equal(ids, (await google.QueueAsync("google")).Select(i => i.Str("id")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Without_a_status_filter_pages_merge_every_status_oldest_first(int limit)
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(7));
        var ids = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");
        // Statuses interleaved along the queue, so that each page takes items from several of them.
        await google.RespondOkAsync("google", Delist(ids[0]), Acknowledge(ids[1]), Reject(ids[3]), Delist(ids[4]), Acknowledge(ids[6]));

        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await google.QueuePageAsync("google", limit: limit, after: after);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
            after = page.GetProperty("next").GetString();
        } while (after is not null);

        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("status=done")]
    [InlineData("status=Pending")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("after=not-a-cursor")]
    public async Task A_bad_parameter_is_a_bad_request(string query)
    {
        await using var app = new DelistingApp();
        var google = await app.LiaisonAsync("google");
        await (await google.GetAsync($"/v1/engines/google/items?{query}")).AssertProblemAsync(400);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(23)]
    [InlineData(100)]
    public async Task Keyset_paging_returns_every_item_exactly_once_in_order(int limit)
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var apc = await app.RightsHolderAsync();
        await apc.SubmitAsync(ruling, Urls(12, from: 1));
        await apc.SubmitAsync(ruling, Urls(11, from: 13));
        var google = await app.LiaisonAsync("google");

        var seen = new List<string>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = await google.QueuePageAsync("google", limit: limit, after: after);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, limit);
            seen.AddRange(items.Select(i => i.Str("url")));
            after = page.GetProperty("next").GetString();
            pages++;
        } while (after is not null);

        Assert.Equal(Urls(23), seen);
        Assert.Equal((23 + limit - 1) / limit, pages);
    }

    [Fact]
    public async Task Paging_the_pending_filter_while_items_leave_it_skips_none_of_those_that_stay()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(10));
        var ids = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");

        var firstPage = await google.QueuePageAsync("google", "pending", limit: 4);
        // The liaison works through the first page before asking for the next one.
        await google.RespondOkAsync("google", ids.Take(4).Select(id => Delist(id)).ToArray());
        var rest = await google.QueueAsync("google", "pending", limit: 4);

        Assert.Equal(ids.Take(4), firstPage.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
        Assert.Equal(ids.Skip(4), rest.Select(i => i.Str("id")));
        var secondFromCursor = await google.QueuePageAsync("google", "pending", limit: 4, after: firstPage.GetProperty("next").GetString());
        Assert.Equal(ids.Skip(4).Take(4), secondFromCursor.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
    }
}
