using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.ProtectedHosts;

/// <summary>The list itself: seeds, the three endpoints, their refusals.</summary>
public sealed class ProtectedHostsTests
{
    private const string Reason = "Shared file host used by millions of unrelated users.";

    internal static async Task<JsonElement> ProtectAsync(HttpClient admin, string host, bool includeSubdomains = true, bool withdraw = false)
    {
        var response = await admin.PostAsJsonAsync("/v1/protected-hosts", new { host, includeSubdomains, reason = Reason,
            withdrawOpenItems = withdraw });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Protecting {host} failed: {(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal($"/v1/protected-hosts/{body.Str("id")}", response.Headers.Location?.OriginalString);
        return body;
    }

    internal static async Task<List<JsonElement>> ListAsync(HttpClient client, int limit = 1000)
    {
        var items = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await client.GetJsonAsync($"/v1/protected-hosts?limit={limit}"
                + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            items.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        return items;
    }

    [Fact]
    public async Task The_seeded_list_holds_the_incident_hosts_with_their_reasons_and_any_key_reads_it_page_by_page()
    {
        await using var app = new DelistingApp();
        var engine = await app.LiaisonAsync("google");
        var all = await ListAsync(engine);
        var drive = Assert.Single(all, e => e.Str("host") == "drive.usercontent.google.com");
        Assert.True(drive.GetProperty("includeSubdomains").GetBoolean());
        Assert.Contains("2024", drive.Str("reason"));
        Assert.Equal(JsonValueKind.Null, drive.GetProperty("createdBy").ValueKind);
        Assert.StartsWith("ph_", drive.Str("id"));
        Assert.Contains(all, e => e.Str("host") == "wikipedia.org");
        Assert.All(all, e => Assert.False(string.IsNullOrWhiteSpace(e.Str("reason"))));
        // Paged by keyset: small pages give the same entries once each, in order.
        Assert.Equal(all.Select(e => e.Str("id")), (await ListAsync(engine, limit: 7)).Select(e => e.Str("id")));
        await (await app.Anonymous().GetAsync("/v1/protected-hosts")).AssertProblemAsync(401);
        await (await engine.GetAsync("/v1/protected-hosts?after=not-a-cursor")).AssertProblemAsync(400);
    }

    [Fact]
    public async Task An_admin_protects_a_host_once_normalized_and_a_second_time_is_409_naming_the_first()
    {
        await using var app = new DelistingApp();
        var created = await ProtectAsync(app.Admin(), "Files.Shared-Platform.EXAMPLE.");
        Assert.Equal("files.shared-platform.example", created.Str("host"));
        Assert.Equal("bootstrap-admin", created.Str("createdBy"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("withdrawal").ValueKind);
        Assert.Contains(await ListAsync(app.Admin()), e => e.Str("id") == created.Str("id"));

        var again = await app.Admin().PostAsJsonAsync("/v1/protected-hosts", new { host = "files.shared-platform.example", reason = "again" });
        var problem = await again.AssertProblemAsync(409);
        Assert.Equal(created.Str("id"), problem.Str("existingId"));

        var apc = await app.RightsHolderAsync();
        await (await apc.PostAsJsonAsync("/v1/protected-hosts", new { host = "other.example", reason = Reason })).AssertProblemAsync(403);
        await (await apc.DeleteAsync($"/v1/protected-hosts/{created.Str("id")}")).AssertProblemAsync(403);
    }

    [Theory]
    [InlineData("192.0.2.1", "host")]
    [InlineData("[2001:db8::1]", "host")]
    [InlineData("com", "host")]
    [InlineData("files\u0000.example", "host")]
    [InlineData("https://files.example/x", "host")]
    [InlineData("", "host")]
    [InlineData("long-reason.example", "reason")]
    [InlineData("control-reason.example", "reason")]
    [InlineData("empty-reason.example", "reason")]
    public async Task Bad_input_is_422_at_its_field_and_stores_nothing(string host, string field)
    {
        await using var app = new DelistingApp();
        var before = await ListAsync(app.Admin());
        var reason = host switch
        {
            "long-reason.example" => new string('r', 1001),
            "control-reason.example" => "Shared\u0007 host",
            "empty-reason.example" => " ",
            _ => Reason,
        };
        var response = await app.Admin().PostAsJsonAsync("/v1/protected-hosts", new { host, reason });
        var problem = await response.AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before.Select(e => e.Str("id")), (await ListAsync(app.Admin())).Select(e => e.Str("id")));
    }

    [Fact]
    public async Task A_public_suffix_may_be_protected_here_though_no_site_may_be_one()
    {
        await using var app = new DelistingApp();
        var created = await ProtectAsync(app.Admin(), "github.io");
        Assert.Equal("github.io", created.Str("host"));
    }

    [Fact]
    public async Task A_deleted_seeded_entry_stays_deleted_across_restarts_and_an_unknown_id_is_404()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-test-{Guid.NewGuid():N}.db");
        try
        {
            await using (var app = new DelistingApp(path))
            {
                var drive = (await ListAsync(app.Admin())).Single(e => e.Str("host") == "drive.usercontent.google.com");
                Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/v1/protected-hosts/{drive.Str("id")}")).StatusCode);
                await (await app.Admin().DeleteAsync($"/v1/protected-hosts/{drive.Str("id")}")).AssertProblemAsync(404);
            }
            await using (var restarted = new DelistingApp(path))
            {
                var hosts = (await ListAsync(restarted.Admin())).Select(e => e.Str("host")).ToList();
                Assert.DoesNotContain("drive.usercontent.google.com", hosts);
                Assert.Contains("drive.google.com", hosts);
                Assert.Equal(hosts.Count, hosts.Distinct().Count());
            }
        }
        finally
        {
            HttpAssertions.DeleteDatabase(path);
        }
    }
}
