using System.Diagnostics;

namespace Delisting.Benchmarks;

/// <summary>
/// Real time read at a fixed rate (a benchmark measures the wall clock): the largest value a reading takes while some
/// work runs, and waiting until a condition holds.
/// </summary>
public static class Sampling
{
    /// <summary>Runs <paramref name="work"/>, reading every <paramref name="every"/>; its result and the largest reading.</summary>
    public static async Task<(T Result, double Peak)> PeakDuringAsync<T>(Func<Task<T>> work, Func<double> read, TimeSpan every)
    {
        var peak = read();
        using var timer = new PeriodicTimer(every);
        var task = work();
        while (!task.IsCompleted)
        {
            peak = Math.Max(peak, read());
            await Task.WhenAny(task, timer.WaitForNextTickAsync().AsTask());
        }
        return (await task, Math.Max(peak, read()));
    }

    /// <summary>Checks <paramref name="done"/> every <paramref name="every"/>; false when <paramref name="limit"/> passed first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> done, TimeSpan limit, TimeSpan every)
    {
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(every);
        while (!await done())
        {
            if (Stopwatch.GetElapsedTime(started) > limit) return false;
            await timer.WaitForNextTickAsync();
        }
        return true;
    }

    /// <summary>
    /// Waits until the JIT has compiled nothing for three readings 100 ms apart (tiered compilation has swapped in the
    /// optimized code of what just ran), or <paramref name="limit"/> passed.
    /// </summary>
    public static async Task UntilJitQuietAsync(TimeSpan limit)
    {
        var last = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quiet = 0;
        await UntilAsync(() =>
        {
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
            return Task.FromResult(quiet >= 3);
        }, limit, TimeSpan.FromMilliseconds(100));
    }
}
