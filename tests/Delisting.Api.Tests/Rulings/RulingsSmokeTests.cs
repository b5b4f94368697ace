using System.Net;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Rulings;

public sealed class RulingsSmokeTests
{
    [Fact]
    public async Task The_seeded_allostreaming_ruling_lists_its_sixteen_domains()
    {
        await using var app = new DelistingApp();
        var response = await app.Admin().GetAsync("/v1/rulings/tgi-paris-2013-11-28-allostreaming");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ruling = await response.ReadJsonAsync();
        Assert.Equal(16, ruling.GetProperty("sites").GetArrayLength());
        Assert.False(ruling.GetProperty("inForce").GetBoolean());
    }

    [Fact]
    public async Task A_ruling_created_in_force_reports_in_force()
    {
        await using var app = new DelistingApp();
        var id = await app.CreateRulingInForceAsync();
        var ruling = await (await app.Admin().GetAsync($"/v1/rulings/{id}")).ReadJsonAsync();
        Assert.True(ruling.GetProperty("inForce").GetBoolean());
    }
}
