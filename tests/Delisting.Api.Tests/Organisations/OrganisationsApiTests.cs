using System.Net;
using System.Net.Http.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Organisations;

public sealed class OrganisationsApiTests
{
    [Fact]
    public async Task The_five_seeded_plaintiffs_are_listed()
    {
        await using var app = new DelistingApp();
        var response = await (await app.RightsHolderAsync("apc")).GetAsync("/v1/organisations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await response.ReadJsonAsync()).EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        Assert.Equal(["apc", "fndf", "sevn", "spi", "upf"], ids.Order());
    }

    [Fact]
    public async Task Getting_one_organisation_returns_it_and_an_unknown_one_is_404()
    {
        await using var app = new DelistingApp();
        var apc = await (await app.Admin().GetAsync("/v1/organisations/apc")).ReadJsonAsync();
        Assert.Equal("apc", apc.GetProperty("id").GetString());
        Assert.Contains("cin", apc.GetProperty("name").GetString());
        await (await app.Admin().GetAsync("/v1/organisations/nope")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task An_admin_creates_an_organisation_and_gets_201_with_location_and_it_is_stored()
    {
        await using var app = new DelistingApp();
        var response = await app.Admin().PostAsJsonAsync("/v1/organisations", new { id = "sacem", name = "  SACEM  " });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/organisations/sacem", response.Headers.Location?.OriginalString);
        var body = await response.ReadJsonAsync();
        Assert.Equal("sacem", body.GetProperty("id").GetString());
        Assert.Equal("SACEM", body.GetProperty("name").GetString());

        var stored = await (await app.Admin().GetAsync("/v1/organisations/sacem")).ReadJsonAsync();
        Assert.Equal("SACEM", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Creating_an_organisation_with_an_existing_id_is_409_and_keeps_the_original_name()
    {
        await using var app = new DelistingApp();
        var before = await (await app.Admin().GetAsync("/v1/organisations/apc")).ReadJsonAsync();
        var response = await app.Admin().PostAsJsonAsync("/v1/organisations", new { id = "apc", name = "Someone else" });
        await response.AssertProblemAsync(409);
        var after = await (await app.Admin().GetAsync("/v1/organisations/apc")).ReadJsonAsync();
        Assert.Equal(before.GetProperty("name").GetString(), after.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Bad Id", "ok", "id")]
    [InlineData("-lead", "ok", "id")]
    [InlineData("x", "ok", "id")]
    [InlineData(null, "ok", "id")]
    [InlineData("fine-id", "", "name")]
    [InlineData("fine-id", null, "name")]
    public async Task An_invalid_organisation_is_422_naming_the_field(string? id, string? name, string errorKey)
    {
        await using var app = new DelistingApp();
        var problem = await (await app.Admin().PostAsJsonAsync("/v1/organisations", new { id, name })).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out var messages), problem.ToString());
        Assert.True(messages.GetArrayLength() > 0);
        var list = await (await app.Admin().GetAsync("/v1/organisations")).ReadJsonAsync();
        Assert.Equal(5, list.GetArrayLength());
    }

    [Fact]
    public async Task A_name_over_200_characters_is_422()
    {
        await using var app = new DelistingApp();
        var problem = await (await app.Admin().PostAsJsonAsync("/v1/organisations", new { id = "long", name = new string('n',
            201) })).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Rights_holder_and_engine_keys_may_not_create_organisations()
    {
        await using var app = new DelistingApp();
        foreach (var client in new[] { await app.RightsHolderAsync("apc"), await app.LiaisonAsync("google") })
        {
            await (await client.PostAsJsonAsync("/v1/organisations", new { id = "sneaky", name = "Sneaky" })).AssertProblemAsync(403);
        }
        await (await app.Admin().GetAsync("/v1/organisations/sneaky")).AssertProblemAsync(404);
    }
}
