using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Delisting.Api.Tests.Webhooks;

/// <summary>
/// A webhook receiver: a real Kestrel server on 127.0.0.1 that records every delivery and answers as told, or never
/// (<see cref="NeverAnswer"/>: it reads the request and holds the connection open until disposed).
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;

    /// <summary>A delivery as received; <paramref name="At"/> is the machine's <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public sealed record Delivery(string Id, string Timestamp, string Signature, string Body, long At);

    private readonly TaskCompletionSource stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Requests that arrived, answered or not (a never-answering receiver counts them here).</summary>
    public int Arrived => Volatile.Read(ref arrived);

    private int arrived;

    /// <summary>When true, every request is read and then never answered (until the receiver is disposed).</summary>
    public bool NeverAnswer { get; set; }

    private Receiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();
    private readonly SemaphoreSlim delivered = new(0);

    /// <summary>The status to answer with: by default 204. Takes the number of deliveries received before this one.</summary>
    public Func<int, int> Answer { get; set; } = _ => 204;

    public string Url { get; private set; } = "";

    public static async Task<Receiver> StartAsync(string path = "/hook")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost(path, async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            Interlocked.Increment(ref receiver.arrived);
            if (receiver.NeverAnswer)
            {
                await receiver.stopping.Task;
                return;
            }
            var before = receiver.Deliveries.Count;
            receiver.Deliveries.Enqueue(new Delivery(http.Request.Headers["webhook-id"].ToString(),
                http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(), body, System.Diagnostics.Stopwatch.GetTimestamp()));
            receiver.delivered.Release();
            http.Response.StatusCode = receiver.Answer(before);
        });
        app.MapPost("/redirect", (HttpContext http) => Results.Redirect(receiver.Url, permanent: false, preserveMethod: true));
        await app.StartAsync();
        receiver.Url = app.Urls.Single().TrimEnd('/') + path;
        return receiver;
    }

    /// <summary>The deliveries once there are <paramref name="count"/> of them, woken by each arrival; what there is after the timeout.</summary>
    public async Task<List<Delivery>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var patience = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (Deliveries.Count < count) await delivered.WaitAsync(patience.Token);
        }
        catch (OperationCanceledException) { }
        return Deliveries.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        stopping.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
