using Delisting.Api.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Delisting.Api.Tests.Infrastructure;

/// <summary>
/// Waits on a condition the test can observe (a probe), never on time: it returns as soon as the condition holds, and
/// fails with <paramref name="because"/> only if it still does not hold after a generous real-time limit.
/// </summary>
public static class Probe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<Task<bool>> condition, string because, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because);
            await Task.Delay(10);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string because, TimeSpan? patience = null) =>
        UntilAsync(() => Task.FromResult(condition()), because, patience);

    /// <summary>
    /// Waits until the webhook sender has looked at every subscription after this call and no worker runs: whatever it
    /// would send for what is committed now, it has sent (or not sent).
    /// </summary>
    public static async Task WebhooksSettledAsync(DelistingApp app)
    {
        var sender = app.Services.GetRequiredService<WebhookSender>();
        var started = sender.PassesStarted;
        sender.Wake();
        await UntilAsync(() => sender.LastPassCompleted > started && sender.Working == 0, "the webhook sender did not settle");
    }
}
