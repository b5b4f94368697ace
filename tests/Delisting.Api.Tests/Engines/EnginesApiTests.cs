using System.Net;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Engines;

public sealed class EnginesApiTests
{
    [Fact]
    public async Task Any_authenticated_caller_lists_the_four_seeded_engines()
    {
        await using var app = new DelistingApp();
        foreach (var client in new[] { app.Admin(), await app.RightsHolderAsync("apc"), await app.LiaisonAsync("google") })
        {
            var response = await client.GetAsync("/v1/engines");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var engines = await response.ReadJsonAsync();
            Assert.Equal(["bing", "google", "orange", "yahoo"], engines.EnumerateArray().Select(e => e.GetProperty("id").GetString()).Order());
            Assert.All(engines.EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("name").GetString())));
        }
    }

    [Fact]
    public async Task Listing_engines_without_a_key_is_401()
    {
        await using var app = new DelistingApp();
        await (await app.Anonymous().GetAsync("/v1/engines")).AssertProblemAsync(401);
    }
}
