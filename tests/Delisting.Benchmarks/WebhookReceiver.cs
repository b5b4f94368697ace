using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Delisting.Benchmarks;

/// <summary>
/// A webhook receiver in this process: Kestrel on 127.0.0.1, a free port. Each path is a receiver of its own: it
/// answers 204 and records when each delivery arrived (Stopwatch ticks) and the ids of its events, or it reads the
/// delivery and never answers (until disposed), like a receiver that hangs.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Arrival(string Path, long At, IReadOnlyList<string> EventIds);

    private readonly WebApplication app;
    private readonly TaskCompletionSource stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<Arrival> arrivals = new();
    private readonly ConcurrentDictionary<string, int> hung = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyCollection<Arrival> Arrivals => arrivals;

    /// <summary>Deliveries that reached a never-answering path.</summary>
    public int Hung(string path) => hung.GetValueOrDefault(path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/ok/{name}", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            var ids = body.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            receiver.arrivals.Enqueue(new Arrival(http.Request.Path, Stopwatch.GetTimestamp(), ids));
            return Results.NoContent();
        });
        app.MapPost("/hang/{name}", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            receiver.hung.AddOrUpdate(http.Request.Path, 1, (_, n) => n + 1);
            await receiver.stopping.Task;
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>Waits (polling every millisecond) until <paramref name="done"/> holds; false when <paramref name="limit"/> passed first.</summary>
    public static Task<bool> UntilAsync(Func<bool> done, TimeSpan limit) =>
        Sampling.UntilAsync(() => Task.FromResult(done()), limit, TimeSpan.FromMilliseconds(1));

    public async ValueTask DisposeAsync()
    {
        stopping.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
