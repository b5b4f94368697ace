using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Engines;

public sealed class ItemDeadlineTests
{
    // A ruling served a week before 2026-11-29 with 15 days: the submission date (later) starts the period,
    // which ends with 2026-12-14 in Paris (CET, UTC+1).
    private static readonly DateTimeOffset Deadline = new(2026, 12, 14, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_open_item_becomes_overdue_at_its_deadline_in_the_queue_the_request_summary_and_compliance()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(4));
        var ids = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");
        await google.RespondOkAsync("google", Acknowledge(ids[0]), Delist(ids[1]), Reject(ids[2]));
        Assert.Equal("2026-12-14T23:00:00Z", request.Str("deadline"));

        app.Time.SetUtcNow(Deadline.AddSeconds(-1));
        Assert.All(await google.QueueAsync("google"), i => Assert.False(i.GetProperty("overdue").GetBoolean()));
        var summary = (await app.Admin().GetJsonAsync($"/v1/requests/{request.Str("id")}")).GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("google").GetProperty("overdue").GetInt32());
        Assert.Equal(0, summary.GetProperty("bing").GetProperty("overdue").GetInt32());

        app.Time.SetUtcNow(Deadline);
        var items = await app.ItemsByIdAsync("google");
        // Pending and acknowledged items are overdue; delisted and rejected ones are done.
        Assert.Equal([true, false, false, true], ids.Select(id => items[id].GetProperty("overdue").GetBoolean()));
        Assert.All(await app.Admin().QueueAsync("bing"), i => Assert.True(i.GetProperty("overdue").GetBoolean()));

        var after = await app.Admin().GetJsonAsync($"/v1/requests/{request.Str("id")}");
        Assert.Equal(2, after.GetProperty("summary").GetProperty("google").GetProperty("overdue").GetInt32());
        Assert.Equal(4, after.GetProperty("summary").GetProperty("bing").GetProperty("overdue").GetInt32());
        Assert.Equal("open", after.Str("state"));

        var compliance = await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/compliance");
        Assert.Equal("2026-12-14T23:00:00Z", compliance.Str("asOf"));
        Assert.Equal(2, compliance.GetProperty("engines").GetProperty("google").GetProperty("overdue").GetInt32());
        Assert.Equal(4, compliance.GetProperty("engines").GetProperty("bing").GetProperty("overdue").GetInt32());
    }

    [Fact]
    public async Task Delisting_an_overdue_item_clears_overdue_and_counts_as_late()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(3));
        var ids = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");

        // At the deadline a delisting is still on time (contract v1.2: at or before); a second later it is late.
        app.Time.SetUtcNow(Deadline);
        await google.RespondOkAsync("google", Delist(ids[0]));
        app.Time.SetUtcNow(Deadline.AddSeconds(1));
        var late = await google.RespondOkAsync("google", Delist(ids[1]));

        Assert.False(late.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
        var engine = (await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal(1, engine.GetProperty("delistedOnTime").GetInt32());
        Assert.Equal(1, engine.GetProperty("delistedLate").GetInt32());
        Assert.Equal(1, engine.GetProperty("overdue").GetInt32());
        Assert.Equal(1, engine.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task A_deadline_across_the_spring_change_ends_at_midnight_paris_summer_time()
    {
        // Paris moves to CEST (UTC+2) at 01:00Z on 2027-03-28: the end of that day is 22:00Z, not 23:00Z.
        await using var app = new DelistingApp(now: new DateTimeOffset(2027, 3, 20, 10, 0, 0, TimeSpan.Zero));
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"], servedOn: "2027-03-20", complianceDays: 8);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(1));
        var google = await app.LiaisonAsync("google");

        Assert.Equal("2027-03-28T22:00:00Z", request.Str("deadline"));
        var item = Assert.Single(await google.QueueAsync("google"));
        Assert.Equal("2027-03-28T22:00:00Z", item.Str("deadline"));

        app.Time.SetUtcNow(new DateTimeOffset(2027, 3, 28, 21, 59, 59, TimeSpan.Zero));
        Assert.False(Assert.Single(await google.QueueAsync("google")).GetProperty("overdue").GetBoolean());
        app.Time.SetUtcNow(new DateTimeOffset(2027, 3, 28, 22, 0, 0, TimeSpan.Zero));
        Assert.True(Assert.Single(await google.QueueAsync("google")).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_deadline_across_the_autumn_change_ends_at_midnight_paris_winter_time()
    {
        // Paris goes back to CET (UTC+1) at 01:00Z on 2027-10-31: the end of that day is 23:00Z.
        await using var app = new DelistingApp(now: new DateTimeOffset(2027, 10, 20, 10, 0, 0, TimeSpan.Zero));
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"], servedOn: "2027-10-20", complianceDays: 11);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(1));

        Assert.Equal("2027-10-31T23:00:00Z", request.Str("deadline"));
        app.Time.SetUtcNow(new DateTimeOffset(2027, 10, 31, 22, 59, 59, TimeSpan.Zero));
        Assert.False(Assert.Single(await app.Admin().QueueAsync("google")).GetProperty("overdue").GetBoolean());
        app.Time.SetUtcNow(new DateTimeOffset(2027, 10, 31, 23, 0, 0, TimeSpan.Zero));
        Assert.True(Assert.Single(await app.Admin().QueueAsync("google")).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_url_requested_again_later_keeps_the_deadline_of_its_first_notice()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync();
        await apc.SubmitAsync(ruling, Urls(1));
        app.Time.Advance(TimeSpan.FromDays(3));

        var again = await apc.SubmitAsync(ruling, Urls(2));

        Assert.Equal("2026-12-17T23:00:00Z", again.Str("deadline"));
        Assert.True(again.GetProperty("urls")[0].GetProperty("alreadyRequested").GetBoolean());
        var items = await app.Admin().QueueAsync("google");
        Assert.Equal(["2026-12-14T23:00:00Z", "2026-12-17T23:00:00Z"], items.Select(i => i.Str("deadline")));
    }
}
