using System.Net;
using Delisting.Api.Admission;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Delisting.Api.Tests.Http;

/// <summary>Complete bulk bodies take turns to be worked on (<see cref="BulkExpansion"/>).</summary>
public sealed class BulkExpansionTests
{
    /// <summary>A complete body waits for its turn while others are worked on, then is served; cancelled, it leaves the queue.</summary>
    [Fact]
    public async Task A_complete_body_waits_for_its_turn_while_another_is_worked_on()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Admission:MaxExpandingBytes"] = "100" });
        await app.CreateRulingInForceAsync("pressure-ruling");
        var apc = await app.RightsHolderAsync("apc");
        var expansion = app.Services.GetRequiredService<BulkExpansion>();

        var turn = await expansion.EnterAsync(100, CancellationToken.None);
        var waiting = apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(
            """{ "rulingId": "pressure-ruling", "urls": [ "https://www.allostreaming.com/film/1" ] }"""));
        await Probe.UntilAsync(() => expansion.Waiting == 1, "the second body did not wait for its turn");
        Assert.False(waiting.IsCompleted);
        using var cancelled = new CancellationTokenSource();
        var gaveUp = expansion.EnterAsync(10, cancelled.Token).AsTask();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);

        turn.Dispose();
        Assert.Equal(HttpStatusCode.Created, (await waiting).StatusCode);
        Assert.Equal(0, expansion.Waiting);
        Assert.Equal(0, expansion.ExpandingBytes);
    }
}
