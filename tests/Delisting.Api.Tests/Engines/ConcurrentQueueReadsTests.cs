using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Engines;

/// <summary>Polls of the same page at once share one database read; none may see a page older than a completed response.</summary>
public sealed class ConcurrentQueueReadsTests
{
    [Fact]
    public async Task Sixteen_liaisons_polling_at_once_get_the_same_full_page_and_see_reports_right_after()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        await apc.SubmitAsync(ruling, Scenario.Urls(120));
        var google = await app.LiaisonAsync("google");

        for (var round = 0; round < 3; round++)
        {
            var pages = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => google.QueuePageAsync("google", "pending", limit: 50)));
            var expected = pages[0].GetProperty("items").GetRawText();
            Assert.Equal(50, pages[0].GetProperty("items").GetArrayLength());
            Assert.All(pages, page => Assert.Equal(expected, page.GetProperty("items").GetRawText()));

            // Report the head of the queue; the very next poll must no longer show those items as pending.
            var head = pages[0].GetProperty("items").EnumerateArray().Take(10).Select(i => i.Str("id")).ToList();
            await google.RespondOkAsync("google", head.Select(id => Scenario.Delist(id)).ToArray());
            var after = await google.QueuePageAsync("google", "pending", limit: 50);
            Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), i => head.Contains(i.Str("id")));
        }
    }
}
