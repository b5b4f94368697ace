using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Delisting.Api.Webhooks;

/// <summary>
/// One attempt at a delivery: the signed POST, bounded by `Webhooks:DeliveryTimeoutSeconds` on the service's clock,
/// recorded with its outcome (succeeded, to retry on the schedule, or failed), one span and one log line each.
/// </summary>
public sealed class DeliveryAttempts : IDisposable
{
    /// <summary>One span per delivery attempt (the HTTP call beneath it is HttpClient's span), exported with the traces.</summary>
    public static readonly ActivitySource Activities = new("Delisting.Webhooks");

    private readonly DeliveryQueue queue;
    private readonly TargetPolicy targets;
    private readonly WebhookSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger<DeliveryAttempts> logger;
    private readonly HttpClient client;

    public DeliveryAttempts(DeliveryQueue queue, TargetPolicy targets, WebhookSettings settings, TimeProvider time, ILogger<DeliveryAttempts> logger)
    {
        (this.queue, this.targets, this.settings, this.time, this.logger) = (queue, targets, settings, time, logger);
        // The timeout is the attempt's own (on the service's clock), not HttpClient's.
        client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Sends the delivery once and records the outcome; true when the receiver accepted it.</summary>
    public async Task<bool> SendAsync(DueDelivery delivery, string owner, CancellationToken cancellationToken)
    {
        using var activity = Activities.StartActivity("webhook delivery", ActivityKind.Producer);
        activity?.SetTag("webhook.delivery_id", delivery.Id);
        activity?.SetTag("webhook.subscription_id", delivery.SubscriptionId);
        activity?.SetTag("webhook.attempt", delivery.Attempts + 1);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, delivery.Id, timestamp, delivery.Body));
        var started = time.GetTimestamp();
        var timeout = settings.DeliveryTimeout;
        int? status = null;
        string? error = null, response = null;
        using var attempt = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, cancellationToken);
        try
        {
            using var answer = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)answer.StatusCode;
            response = await ReadAtMostAsync(answer, 1024, linked.Token);
            if (!answer.IsSuccessStatusCode) error = $"The receiver answered {status}.";
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            error = exception is OperationCanceledException
                ? $"No answer within {timeout.TotalSeconds:0.###} seconds."
                : $"Could not deliver: {exception.Message}";
        }
        var success = error is null;
        activity?.SetTag("http.response.status_code", status);
        if (!success) activity?.SetStatus(ActivityStatusCode.Error, error);
        var now = time.GetUtcNow();
        var schedule = settings.RetrySchedule;
        var retryAt = !success && delivery.Attempts < schedule.Count ? now + schedule[(int)delivery.Attempts] : (DateTimeOffset?)null;
        await queue.RecordAsync(delivery, owner, success, status, error, response, now, retryAt, CancellationToken.None);
        logger.LogInformation(
            "Webhook delivery {DeliveryId} of {SubscriptionId} (events {EventIds}): attempt {Attempt}, status {Status}, {Outcome} in " +
                "{Milliseconds} ms",
            delivery.Id, delivery.SubscriptionId, EventIds(delivery.Body), delivery.Attempts + 1, status,
            success ? "delivered" : retryAt is null ? "failed" : "to retry", time.GetElapsedTime(started).TotalMilliseconds);
        return success;
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

    public void Dispose() => client.Dispose();
}
