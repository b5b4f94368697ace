using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Delisting.Benchmarks;

/// <summary>
/// The public figures of the benchmark ruling (about 1,000,000 items in the full run), without a key: a cold answer
/// (nothing in the output cache; goal ≤ 1 s) of the list and of the months, then the same months again, which must be
/// served from the cache (it carries an `Age` header).
/// </summary>
public static class TransparencyFigures
{
    public static async Task MeasureAsync(Uri service, string rulingId, Report report)
    {
        Console.WriteLine("== transparency: the public figures of the ruling, cold and from the cache");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { BaseAddress = service };
        var (listTook, list, _) = await GetAsync(http, "/v1/transparency/rulings?limit=100");
        var entry = list.RootElement.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("rulingId").GetString() == rulingId);
        var items = entry.GetProperty("urlsRequested").GetInt64() * entry.GetProperty("engines").GetArrayLength();
        report.AtMost($"transparency: cold list of rulings ({Settings.Count(items)} items in the largest)", listTook.TotalMilliseconds, "ms",
            "goal ≤ 1,000 ms", listTook.TotalMilliseconds / 1000, 1.0);

        var path = $"/v1/transparency/rulings/{rulingId}/months";
        var (coldTook, _, _) = await GetAsync(http, path);
        report.AtMost($"transparency: cold months of a ruling of {Settings.Count(items)} items", coldTook.TotalMilliseconds, "ms",
            "goal ≤ 1,000 ms", coldTook.TotalMilliseconds / 1000, 1.0);

        var warm = new List<double>();
        var cached = true;
        for (var i = 0; i < 20; i++)
        {
            var (took, _, age) = await GetAsync(http, path);
            warm.Add(took.TotalMilliseconds);
            cached &= age;
        }
        warm.Sort();
        if (!cached) report.Error("transparency: warm months", "an answer within 60 s of the first came without an Age header: not from the cache");
        else report.Info("transparency: warm months, p50 of 20 (every one from the output cache)", warm[warm.Count / 2], "ms");
    }

    private static async Task<(TimeSpan Took, JsonDocument Body, bool FromCache)> GetAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var took = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        return (took, JsonDocument.Parse(bytes), response.Headers.Age is not null);
    }
}
