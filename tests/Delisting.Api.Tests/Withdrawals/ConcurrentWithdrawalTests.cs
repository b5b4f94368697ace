using System.Net;
using Delisting.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Withdrawals;

public sealed class ConcurrentWithdrawalTests(ITestOutputHelper output)
{
    // Written out here rather than taken from the service, so that a wrong table there cannot pass here: every
    // move a withdrawal or a delisted report may make, by whom.
    private static readonly HashSet<(string From, string To, string Role)> Allowed =
    [
        ("pending", "delisted", "engine"), ("pending", "withdrawn", "rights-holder"),
        ("delisted", "relist-pending", "rights-holder"), ("withdrawn", "relist-pending", "engine"),
    ];

    [Fact]
    public async Task A_withdrawal_and_a_delisted_report_at_once_both_count_and_end_in_relist_pending()
    {
        const int Rounds = 40;
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var google = await app.ActorAsync("engine", engine: "google");
        var request = await apc.Client.SubmitAsync(ruling, Urls(Rounds));
        var ids = await app.ItemIdsAsync(request, "google");
        var withdrawalFirst = 0;

        for (var round = 0; round < Rounds; round++)
        {
            var url = Urls(1, from: round + 1)[0];
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var withdrawal = Task.Run(async () => { await start.Task; return await apc.Client.WithdrawAsync(request.Str("id"), "mistake", url); });
            var report = Task.Run(async () => { await start.Task; return await google.Client.RespondAsync("google", Delist(ids[round])); });
            start.SetResult();
            var responses = await Task.WhenAll(withdrawal, report);

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal("relist-pending", (await app.ItemAsync("google", ids[round])).Str("status"));
            var noticeId = request.GetProperty("urls")[round].Str("noticeId");
            var trail = (await app.Admin().EventsAsync(request.Str("id"))).Where(e => e.GetProperty("noticeId").GetString() == noticeId).ToList();
            // Both events, in the order they happened: the item's moves form one chain from pending to relist-pending.
            Assert.Single(trail, e => e.Str("type") == "withdrawn");
            var moves = trail.Where(e => e.Str("type") == "status-changed").ToList();
            Assert.Equal(2, moves.Count);
            Assert.Equal(("pending", "relist-pending"), (moves[0].Str("from"), moves[1].Str("to")));
            Assert.Equal(moves[0].Str("to"), moves[1].Str("from"));
            Assert.All(moves, m => Assert.Contains((m.Str("from"), m.Str("to"), m.GetProperty("actor").Str("role")), Allowed));
            if (moves[0].Str("to") == "withdrawn") withdrawalFirst++;
        }
        output.WriteLine($"{withdrawalFirst} of {Rounds} rounds: the withdrawal committed first.");
    }
}
