using System.Diagnostics;

namespace Delisting.Benchmarks;

/// <summary>
/// Change-feed reading: one client follows the google engine feed from its beginning with limit=1000 (item-created
/// events expanded from each request's own URLs) until a page comes back empty.
/// </summary>
public static class FeedReading
{
    public static async Task MeasureAsync(DelistingClient api, string engineKey, string engine, Report report)
    {
        Console.WriteLine("== feed: reading the engine feed from the start, limit 1000");
        var clock = Stopwatch.StartNew();
        long events = 0;
        var pages = 0;
        var path = $"/v1/engines/{engine}/changes?limit=1000";
        while (true)
        {
            var (count, next) = await api.FeedPageAsync(engineKey, path);
            pages++;
            if (count == 0) break;
            events += count;
            path = $"/v1/engines/{engine}/changes?limit=1000&after={Uri.EscapeDataString(next)}";
        }
        report.Info($"feed: events read/s, one client, limit 1000 ({Settings.Count(events)} events in {pages} pages)",
            events / clock.Elapsed.TotalSeconds, "events/s");
    }
}
