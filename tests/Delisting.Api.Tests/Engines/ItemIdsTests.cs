using Delisting.Api.Engines;
using Delisting.Api.Http;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Engines;

public sealed class ItemIdsTests
{
    [Fact]
    public void A_derived_id_names_its_notice_and_engine_and_reads_back()
    {
        var notice = Ids.New("ntc");
        var id = ItemIds.Of(notice, "google");

        Assert.Equal("itm_" + notice[4..] + "_google", id);
        Assert.True(ItemIds.TryParse(id, out var parsedNotice, out var engine));
        Assert.Equal((notice, "google"), (parsedNotice, engine));
    }

    [Theory]
    [InlineData("")]
    [InlineData("itm_")]
    [InlineData("itm_0192aaaaaaaa0000000000000000a1g0")] // an id from before ids were derived
    [InlineData("itm_0192aaaaaaaa000000000000000000a1_")] // no engine
    [InlineData("itm_0192AAAAAAAA000000000000000000a1_google")] // upper-case hex
    [InlineData("itm_0192aaaaaaaa000000000000000000a1-google")]
    [InlineData("itm_0192aaaaaaaa000000000000000000a1_Google")]
    [InlineData("itm_0192aaaaaaaa000000000000000000a1_goo gle")]
    [InlineData("itm_0192aaaaaaaa000000000000000000a1_google'; DROP TABLE items; --")]
    [InlineData("ntc_0192aaaaaaaa000000000000000000a1_google")]
    [InlineData("itm_0192aaaaaaaa00000000000000000a1_google")] // 31 hex digits
    public void Anything_else_is_not_a_derived_id(string id) => Assert.False(ItemIds.TryParse(id, out _, out _));

    [Theory]
    [InlineData("itm_zz")]
    [InlineData("itm_0192aaaaaaaa000000000000000000a1_google")]
    [InlineData("itm_0192aaaaaaaa000000000000000000a1_google'; DROP TABLE items; --")]
    public async Task An_unknown_or_hostile_id_is_a_422_naming_it_and_changes_nothing(string id)
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync();
        await apc.SubmitAsync(ruling, Scenario.Urls(2));
        var google = await app.LiaisonAsync();

        var response = await google.RespondAsync("google", Scenario.Delist(id));
        var problem = await response.AssertProblemAsync(422);
        Assert.Contains(id, problem.GetProperty("errors").GetProperty("responses[0].itemId")[0].GetString());
        Assert.Equal(2, (await google.QueueAsync("google", "pending")).Count);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("LTE6Z29vZ2xl")] // "-1:google"
    [InlineData("Z29vZ2xl")] // "google"
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTow")] // a position beyond 64 bits
    public async Task A_request_items_cursor_this_API_did_not_return_is_a_400(string after)
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync();
        var request = await apc.SubmitAsync(ruling, Scenario.Urls(2));

        var response = await apc.GetAsync($"/v1/requests/{request.Str("id")}/items?after={after}");
        await response.AssertProblemAsync(400);
    }
}
