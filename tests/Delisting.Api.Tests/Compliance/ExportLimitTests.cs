using System.Net;
using Delisting.Api.Compliance;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Delisting.Api.Tests.Compliance;

/// <summary>At most `Compliance:MaxConcurrentExports` exports stream at once per instance; one more is 503 with Retry-After.</summary>
public sealed class ExportLimitTests
{
    private const string Ruling = "test-ruling-in-force";
    private const string Export = $"/v1/rulings/{Ruling}/compliance/export";

    [Theory]
    [InlineData(null, 2)]
    [InlineData("3", 3)]
    public async Task An_export_beyond_the_limit_is_503_with_retry_after_and_other_reads_go_on(string? setting, int limit)
    {
        await using var app = new DelistingApp(extraSettings: setting is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["Compliance:MaxConcurrentExports"] = setting });
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        await apc.SubmitAsync(Ruling, "https://www.allostreaming.com/film/1");
        var slots = app.Services.GetRequiredService<ExportSlots>();
        // Exports in flight: each holds a slot until its response is done.
        var held = Enumerable.Range(0, limit).Select(_ => slots.TryTake()).ToList();
        Assert.All(held, Assert.NotNull);

        var refused = await apc.GetAsync(Export);
        await refused.AssertProblemAsync(503);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await apc.GetAsync($"/v1/rulings/{Ruling}/compliance")).StatusCode);

        held[0]!.Dispose();
        var served = await apc.GetAsync(Export);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("allostreaming.com/film/1", await served.Content.ReadAsStringAsync());
        // The served export gave its slot back when its response ended.
        using var again = slots.TryTake();
        Assert.NotNull(again);
        Assert.Null(slots.TryTake());
    }
}
