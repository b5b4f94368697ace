using System.Diagnostics;
using System.Net;

namespace Delisting.Benchmarks;

/// <summary>What one closed-loop load run measured.</summary>
public sealed record LoadResult(string Name, int Concurrency, TimeSpan Duration, long Requests, long Errors, double[] LatenciesMs, string? FirstError)
{
    /// <summary>CPU time the server process used during the measured part (user + system), when known.</summary>
    public TimeSpan? ServerCpu { get; init; }

    /// <summary>Server CPU milliseconds per successful request: steadier than wall time on a machine shared with other work.</summary>
    public double? ServerCpuMsPerRequest => ServerCpu is TimeSpan cpu ? cpu.TotalMilliseconds / Requests : null;

    public double RequestsPerSecond => Requests / Duration.TotalSeconds;
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);

    /// <summary>Nearest-rank percentile of the recorded latencies (sorted ascending).</summary>
    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * LatenciesMs.Length);
        return LatenciesMs[Math.Clamp(rank - 1, 0, LatenciesMs.Length - 1)];
    }
}

/// <summary>
/// The one load client used for the ceilings and for the service: N concurrent loops of GET requests over
/// keep-alive HTTP/1.1 connections, each request timed with Stopwatch ticks from send to the last byte of the body.
/// The loops are closed (a loop sends its next request when the previous one has finished) and bounded by a
/// fixed duration, after a warm-up whose figures are dropped.
/// </summary>
public sealed class LoadClient : IDisposable
{
    private readonly HttpClient _http;

    public LoadClient(Uri baseAddress, int maxConnections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmUp, TimeSpan duration, Func<Random, string> path,
        IReadOnlyDictionary<string, string>? headers = null, Func<TimeSpan?>? serverCpu = null)
    {
        await RunLoopsAsync("warm-up of " + name, concurrency, warmUp, path, headers);
        var cpuBefore = serverCpu?.Invoke();
        var result = await RunLoopsAsync(name, concurrency, duration, path, headers);
        var cpuAfter = serverCpu?.Invoke();
        return cpuBefore is TimeSpan before && cpuAfter is TimeSpan after ? result with { ServerCpu = after - before } : result;
    }

    private async Task<LoadResult> RunLoopsAsync(
        string name, int concurrency, TimeSpan duration, Func<Random, string> path, IReadOnlyDictionary<string, string>? headers)
    {
        var latencies = new List<long>[concurrency];
        var errors = new long[concurrency];
        string? firstError = null;
        var startTicks = Stopwatch.GetTimestamp();
        var endTicks = startTicks + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        var loops = Enumerable.Range(0, concurrency).Select(loop => Task.Run(async () =>
        {
            var mine = latencies[loop] = new List<long>(capacity: 64 * 1024);
            var random = new Random(loop * 7919 + 17);
            var localBuffer = new byte[64 * 1024];
            while (Stopwatch.GetTimestamp() < endTicks)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, path(random));
                if (headers is not null)
                {
                    foreach (var (key, value) in headers) request.Headers.TryAddWithoutValidation(key, value);
                }
                try
                {
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    await using (var body = await response.Content.ReadAsStreamAsync())
                    {
                        while (await body.ReadAsync(localBuffer) > 0) { }
                    }
                    if (!response.IsSuccessStatusCode)
                    {
                        errors[loop]++;
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} on {request.RequestUri}", null);
                        continue;
                    }
                }
                catch (HttpRequestException exception)
                {
                    errors[loop]++;
                    Interlocked.CompareExchange(ref firstError, exception.Message, null);
                    continue;
                }
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        })).ToArray();
        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(startTicks);

        var all = latencies.SelectMany(l => l).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(all);
        var errorCount = errors.Sum();
        if (all.Length == 0)
        {
            throw new InvalidOperationException($"{name}: no request succeeded ({errorCount} errors; first: {firstError ?? "none"}).");
        }
        return new LoadResult(name, concurrency, elapsed, all.Length, errorCount, all, firstError);
    }

    public void Dispose() => _http.Dispose();
}
