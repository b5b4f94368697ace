using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Delisting.Benchmarks;

/// <summary>
/// The pressure case, on a service process of its own (so its peak memory is this case's alone): 16 clients post a
/// 10,000-URL request of 2,000-character URLs (about 20 MB each) at the same moment. At least 8 must get 201, every
/// answer must be 201 or 503 (admission control), the service's peak RSS at most 500 MiB, and its RSS back under
/// 300 MiB within 30 s.
/// </summary>
public static class Pressure
{
    public const int Clients = 16;
    public const int UrlsPerRequest = 10_000;
    public const int UrlLength = 2_000;
    private const int CreatedGoal = 8;
    private const double PeakGoalMiB = 500;
    private const double SettledGoalMiB = 300;
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(30);

    public static async Task MeasureAsync(string repository, string work, Report report)
    {
        Console.WriteLine(
            $"== pressure: {Clients} clients × {Settings.Count(UrlsPerRequest)} URLs of {Settings.Count(UrlLength)} characters at once");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "pressure.db");
        var (service, baseAddress, adminKey) = (running.Process, running.BaseAddress, running.AdminKey);

        using var api = new DelistingClient(baseAddress);
        var plaintiffKey = await api.CreateKeyAsync(adminKey, new { role = "rights-holder", organisation = "apc", label = "benchmark: pressure" });
        const string rulingId = "bench-pressure";
        await api.CreateOneSiteRulingAsync(adminKey, rulingId, "BENCH 00/00001");
        var bodies = Enumerable.Range(0, Clients).Select(Body).ToArray();
        var startedAt = service.ResidentMegabytes() ?? 0;

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = Clients })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        var started = Stopwatch.GetTimestamp();
        using var go = new SemaphoreSlim(0, Clients);
        var posts = bodies.Select(async body =>
        {
            await go.WaitAsync();
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = content };
            message.Headers.Add("X-Api-Key", plaintiffKey);
            message.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            try
            {
                using var response = await http.SendAsync(message);
                await response.Content.ReadAsByteArrayAsync();
                return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException exception)
            {
                return "error: " + exception.Message;
            }
        }).ToArray();
        go.Release(Clients);
        var outcomes = await Task.WhenAll(posts);
        var answeredIn = Stopwatch.GetElapsedTime(started);
        bodies = [];

        // After the burst: how long until the service's memory is back under the bar.
        var settleStarted = Stopwatch.GetTimestamp();
        double? settled = null;
        double last = 0;
        if (await Sampling.UntilAsync(() => Task.FromResult((last = service.ResidentMegabytes() ?? 0) < SettledGoalMiB), SettleWithin,
                TimeSpan.FromMilliseconds(250)))
        {
            settled = Stopwatch.GetElapsedTime(settleStarted).TotalSeconds;
        }
        var peak = service.PeakResidentMegabytes() ?? double.NaN;

        var created = outcomes.Count(o => o == "201");
        var busy = outcomes.Count(o => o == "503");
        var other = outcomes.Where(o => o is not ("201" or "503")).ToList();
        var what = $"{Clients} × POST of {Settings.Count(UrlsPerRequest)} × {Settings.Count(UrlLength)}-char URLs at once";
        report.AtLeast($"pressure: {what}: 201", created,
            "answers", $"goal ≥ {CreatedGoal}; {busy} × 503, all answered in {answeredIn.TotalSeconds:0.0} s; RSS before {startedAt:0} MiB",
            created / (double)CreatedGoal, 1.0);
        report.AtMost("pressure: answers other than 201 or 503", other.Count, "answers", "goal: none", other.Count, 0);
        if (other.Count > 0) report.Note($"pressure: other answers: {string.Join("; ", other.Distinct())}");
        report.AtMost("pressure: service peak RSS (VmHWM)", peak, "MiB", $"goal ≤ {PeakGoalMiB:0} MiB", peak / PeakGoalMiB, 1.0);
        var settledSeconds = settled ?? double.PositiveInfinity;
        report.AtMost($"pressure: seconds until RSS < {SettledGoalMiB:0} MiB after the burst", settled ?? SettleWithin.TotalSeconds, "s",
            $"goal ≤ {SettleWithin.TotalSeconds:0} s", settledSeconds / SettleWithin.TotalSeconds, 1.0);
        if (settled is null) report.Note($"pressure: RSS still {last:0} MiB {SettleWithin.TotalSeconds:0} s after the burst.");
    }

    /// <summary>One client's body: distinct URLs, each padded to exactly UrlLength characters.</summary>
    private static byte[] Body(int client)
    {
        var json = new StringBuilder(UrlsPerRequest * (UrlLength + 4) + 100);
        json.Append("{\"rulingId\":\"bench-pressure\",\"clientReference\":\"pressure-").Append(client).Append("\",\"urls\":[");
        for (var i = 0; i < UrlsPerRequest; i++)
        {
            if (i > 0) json.Append(',');
            var start = json.Length;
            json.Append("\"https://www.allostreaming.com/film/").Append(client).Append('-').Append(i).Append("?p=");
            json.Append('a', UrlLength - (json.Length - start - 1));
            json.Append('"');
        }
        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
