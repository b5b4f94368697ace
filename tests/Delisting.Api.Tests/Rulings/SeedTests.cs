using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Rulings;

public sealed class SeedTests
{
    private const string Allostreaming = "tgi-paris-2013-11-28-allostreaming";

    [Fact]
    public async Task The_allostreaming_ruling_is_seeded_as_the_issue_lists_it()
    {
        await using var app = new DelistingApp();
        var ruling = await (await app.Admin().GetAsync($"/v1/rulings/{Allostreaming}")).ReadJsonAsync();

        Assert.Equal("Tribunal de grande instance de Paris", ruling.GetProperty("court").GetString());
        Assert.Equal("2013-11-28", ruling.GetProperty("decidedOn").GetString());
        Assert.Equal(JsonValueKind.Null, ruling.GetProperty("servedOn").ValueKind);
        Assert.Equal("2014-12-13", ruling.GetProperty("inForceUntil").GetString());
        Assert.Equal("Europe/Paris", ruling.GetProperty("timeZone").GetString());
        Assert.Equal(15, ruling.GetProperty("complianceDays").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(ruling.GetProperty("note").GetString()));
        Assert.False(ruling.GetProperty("inForce").GetBoolean());
        Assert.Equal(["apc", "fndf", "sevn", "spi", "upf"], Strings(ruling.GetProperty("plaintiffs")).Order());
        Assert.Equal(["bing", "google", "orange", "yahoo"], Strings(ruling.GetProperty("engines")).Order());

        var domains = ruling.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("domain").GetString()!).ToList();
        Assert.Equal(16, domains.Count);
        Assert.Equal(16, domains.Distinct().Count());
        Assert.Contains("allostreaming.com", domains);
        Assert.Contains("dpstream.tv", domains);
        Assert.Contains("fifostream.tv", domains);
        Assert.All(domains, d => Assert.Equal(d.ToLowerInvariant().TrimEnd('.'), d));
        Assert.Equal(["Allostreaming", "DPStream", "Fifostream"],
            ruling.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("network").GetString()).Distinct().Order());
    }

    [Fact]
    public async Task A_restart_on_the_same_database_reloads_seeds_without_duplicates_and_keeps_admin_data()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-restart-{Guid.NewGuid():N}.db");
        try
        {
            Snapshot before;
            await using (var first = new DelistingApp(databasePath: path))
            {
                var admin = first.Admin();
                Assert.Equal(HttpStatusCode.Created,
                    (await admin.PostAsJsonAsync("/v1/organisations", new { id = "sacem", name = "SACEM" })).StatusCode);
                await first.CreateRulingInForceAsync(id: "admin-made-ruling", plaintiffs: ["sacem"]);
                before = await Snapshot.TakeAsync(admin);
            }

            await using (var second = new DelistingApp(databasePath: path))
            {
                var after = await Snapshot.TakeAsync(second.Admin());
                Assert.Equal(before, after);
                Assert.Equal(4, after.Engines);
                Assert.Equal(6, after.Organisations);
                Assert.Equal(2, after.Rulings);
                var ruling = await (await second.Admin().GetAsync("/v1/rulings/admin-made-ruling")).ReadJsonAsync();
                Assert.Equal(["sacem"], Strings(ruling.GetProperty("plaintiffs")));
                var seeded = await (await second.Admin().GetAsync($"/v1/rulings/{Allostreaming}")).ReadJsonAsync();
                Assert.Equal(16, seeded.GetProperty("sites").GetArrayLength());
            }
        }
        finally
        {
            HttpAssertions.DeleteDatabase(path);
        }
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    private sealed record Snapshot(int Engines, int Organisations, int Rulings, string Everything)
    {
        public static async Task<Snapshot> TakeAsync(HttpClient admin)
        {
            var engines = await admin.GetStringAsync("/v1/engines");
            var organisations = await admin.GetStringAsync("/v1/organisations");
            var rulings = await admin.GetStringAsync("/v1/rulings?limit=1000");
            return new Snapshot(
                JsonDocument.Parse(engines).RootElement.GetArrayLength(),
                JsonDocument.Parse(organisations).RootElement.GetArrayLength(),
                JsonDocument.Parse(rulings).RootElement.GetProperty("items").GetArrayLength(),
                engines + organisations + rulings);
        }
    }
}
