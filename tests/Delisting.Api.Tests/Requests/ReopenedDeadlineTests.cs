using System.Net;
using System.Net.Http.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Requests;

/// <summary>A reopened URL's items get the deadline of their own site's window (contract v1.1, v1.2), never another site's.</summary>
public sealed class ReopenedDeadlineTests
{
    private const string Ruling = "test-ruling-in-force"; // served 2026-11-22, 15 days, Paris

    [Fact]
    public async Task Each_reopened_url_takes_its_own_sites_deadline()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        // fifostream.tv comes with a court decision of its own: in force from 2026-11-25, 10 days.
        var court = new
        {
            basis = "court-decision", reference = "RG 26/00777", decidedOn = "2026-11-25", servedOn = (string?)null, complianceDays = 10,
            inForceUntil = "2027-06-30", sites = new[] { new { domain = "fifostream.tv", network = "Fifostream", mirrorOf = (string?)null } },
        };
        Assert.Equal(HttpStatusCode.Created, (await app.Admin().PostAsJsonAsync($"/v1/rulings/{Ruling}/extensions", court)).StatusCode);
        var apc = await app.RightsHolderAsync("apc");
        string[] urls = ["https://fifostream.tv/film/1", "https://www.allostreaming.com/film/1"];
        var first = await apc.SubmitAsync(Ruling, urls);
        Assert.Equal(["2026-12-09T23:00:00Z", "2026-12-14T23:00:00Z"], await DeadlinesAsync(apc, first.Str("id")));
        await apc.WithdrawOkAsync(first.Str("id"), "Licensed.", urls);

        // Submitted again two days later: each site's window gives its own deadline from the new submission day.
        app.Time.Advance(TimeSpan.FromDays(2));
        var again = await apc.SubmitAsync(Ruling, urls);
        Assert.All(again.GetProperty("urls").EnumerateArray(), u => Assert.True(u.GetProperty("alreadyRequested").GetBoolean()));
        Assert.Equal(["2026-12-11T23:00:00Z", "2026-12-16T23:00:00Z"], await DeadlinesAsync(apc, again.Str("id")));
        Assert.Equal("2026-12-11T23:00:00Z", again.Str("deadline"));
    }

    /// <summary>The deadlines of the request's google items, in the order of its URLs.</summary>
    private static async Task<List<string>> DeadlinesAsync(HttpClient client, string requestId) =>
        (await client.GetJsonAsync($"/v1/requests/{requestId}/items?engine=google")).GetProperty("items").EnumerateArray()
            .Select(i => i.Str("deadline")).ToList();
}
