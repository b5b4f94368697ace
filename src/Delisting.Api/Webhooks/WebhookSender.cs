using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Delisting.Api.Feeds;
using Delisting.Api.Http;

namespace Delisting.Api.Webhooks;

/// <summary>
/// Sends webhooks from this instance: cuts each active subscription's next events (up to 100) from its feed into a
/// delivery, then sends due deliveries, each under a lease so that one instance at a time sends it. Deliveries of a
/// subscription go out one at a time, in feed order; a failed attempt is retried on `Webhooks:RetrySchedule`.
/// </summary>
public sealed class WebhookSender(FeedStore feeds, FeedReader reader, FeedWatcher watcher, DeliveryQueue queue, TargetPolicy targets,
    IConfiguration configuration, TimeProvider time, ILogger<WebhookSender> logger, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : BackgroundService
{
    private const int MaxEventsPerDelivery = 100;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan[] DefaultSchedule =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6)];

    private readonly string owner = Ids.New("snd");
    private HttpClient? client;

    private IReadOnlyList<TimeSpan> Schedule =>
        configuration.GetSection("Webhooks:RetrySchedule").Get<TimeSpan[]>() is { Length: > 0 } schedule ? schedule : DefaultSchedule;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        })
        { Timeout = TimeSpan.FromSeconds(10) };
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = watcher.NextChange;
            try
            {
                await CutAsync(stoppingToken);
                await SendDueAsync(stoppingToken);
                await Task.WhenAny(next, Task.Delay(Tick, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Webhook sending failed; trying again");
                await Task.Delay(Tick, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task CutAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in await queue.ToCutAsync(cancellationToken))
        {
            if (!FeedCursor.TryParse(subscription.FeedPosition, out var cursor)) continue;
            var (events, next) = await feeds.ReadAsync(subscription.Feed == WebhookFeeds.Engine, subscription.Owner, cursor, MaxEventsPerDelivery, cancellationToken);
            if (events.Count == 0) continue;
            var body = JsonSerializer.Serialize(new { events = await reader.BuildAsync(events, cancellationToken) }, json.Value.SerializerOptions);
            await queue.CutAsync(subscription, body, events.Count, next.ToString(), time.GetUtcNow(), cancellationToken);
        }
    }

    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        foreach (var delivery in await queue.DueAsync(time.GetUtcNow(), cancellationToken))
        {
            if (!await queue.LeaseAsync(delivery.Id, owner, time.GetUtcNow(), cancellationToken)) continue;
            await SendAsync(delivery, cancellationToken);
        }
    }

    /// <summary>One span per delivery attempt (the HTTP call beneath it is HttpClient's span), exported with the traces.</summary>
    public static readonly ActivitySource Activities = new("Delisting.Webhooks");

    private async Task SendAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        using var activity = Activities.StartActivity("webhook delivery", ActivityKind.Producer);
        activity?.SetTag("webhook.delivery_id", delivery.Id);
        activity?.SetTag("webhook.subscription_id", delivery.SubscriptionId);
        activity?.SetTag("webhook.attempt", delivery.Attempts + 1);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, delivery.Id, timestamp, delivery.Body));
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null, response = null;
        try
        {
            using var answer = await client!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)answer.StatusCode;
            response = await ReadAtMostAsync(answer, 1024, cancellationToken);
            if (!answer.IsSuccessStatusCode) error = $"The receiver answered {status}.";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = exception is TaskCanceledException ? "No answer within 10 seconds." : $"Could not deliver: {exception.Message}";
        }
        var success = error is null;
        activity?.SetTag("http.response.status_code", status);
        if (!success) activity?.SetStatus(ActivityStatusCode.Error, error);
        var now = time.GetUtcNow();
        var retryAt = !success && delivery.Attempts < Schedule.Count ? now + Schedule[(int)delivery.Attempts] : (DateTimeOffset?)null;
        await queue.RecordAsync(delivery, owner, success, status, error, response, now, retryAt, CancellationToken.None);
        logger.LogInformation("Webhook delivery {DeliveryId} of {SubscriptionId} (events {EventIds}): attempt {Attempt}, status {Status}, {Outcome} in {Milliseconds} ms",
            delivery.Id, delivery.SubscriptionId, EventIds(delivery.Body), delivery.Attempts + 1, status,
            success ? "delivered" : retryAt is null ? "failed" : "to retry", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The first and last event ids of a delivery's body, for the log.</summary>
    private static string EventIds(string body)
    {
        using var document = JsonDocument.Parse(body);
        var ids = document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        return ids.Count <= 1 ? string.Join("", ids) : $"{ids[0]} … {ids[^1]} ({ids.Count})";
    }

    private static async Task<string> ReadAtMostAsync(HttpResponseMessage answer, int bytes, CancellationToken cancellationToken)
    {
        await using var stream = await answer.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[bytes];
        var read = 0;
        while (read < bytes && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    // The address actually connected to is checked, not only the name when the subscription was made (DNS rebinding).
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await System.Net.Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.FirstOrDefault(targets.MayConnect)
            ?? throw new HttpRequestException($"The host '{context.DnsEndPoint.Host}' resolves to no public address.");
        var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override void Dispose()
    {
        client?.Dispose();
        base.Dispose();
    }
}
