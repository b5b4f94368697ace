using System.Diagnostics;
using Delisting.Api.Data;

namespace Delisting.Api.Tests.Infrastructure;

/// <summary>
/// Watches one app's reads of an engine queue through the data layer's trace spans: counts them, and can hold the
/// next one in flight (its statement has run, its result not yet returned) until the test releases it.
/// Only spans of this app's database file are seen, so tests running beside it do not interfere.
/// </summary>
public sealed class QueueReadProbe : IDisposable
{
    private readonly ActivityListener listener;
    private readonly string databaseFile;
    private int reads;
    private int armed;
    private readonly SemaphoreSlim held = new(0);
    private readonly SemaphoreSlim release = new(0);

    public QueueReadProbe(DelistingApp app)
    {
        databaseFile = Path.GetFileName(app.DatabasePath);
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DataActivity.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Statements that read a range of an engine queue.</summary>
    public int Reads => Volatile.Read(ref reads);

    /// <summary>The next queue statement to finish waits, after running, until <see cref="Release"/>.</summary>
    public void HoldNext() => Volatile.Write(ref armed, 1);

    /// <summary>Waits until a held statement is in flight.</summary>
    public async Task WaitUntilHeldAsync()
    {
        Assert.True(await held.WaitAsync(TimeSpan.FromSeconds(20)), "No queue read was held within 20 s.");
    }

    public void Release() => release.Release();

    private void OnStopped(Activity activity)
    {
        if (activity.GetTagItem("db.namespace") as string != databaseFile) return;
        if (activity.GetTagItem("db.query.text") is not string sql || !sql.Contains("i.status = @Status", StringComparison.Ordinal)) return;
        Interlocked.Increment(ref reads);
        if (Interlocked.Exchange(ref armed, 0) == 1)
        {
            held.Release();
            release.Wait(TimeSpan.FromSeconds(20));
        }
    }

    public void Dispose() => listener.Dispose();
}
