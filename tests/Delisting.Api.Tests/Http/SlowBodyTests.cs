using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Http;

/// <summary>Slow uploads against the real service (a child process, real sockets): they neither starve others nor stay open.</summary>
public sealed class SlowBodyTests
{
    private static async Task<Socket> StartSlowUploadAsync(Uri service, string key, int declared)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(service.Host, service.Port);
        var head = $"POST /v1/requests HTTP/1.1\r\nHost: {service.Authority}\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {declared}\r\n\r\n{{ \"urls\": [";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        return socket;
    }

    /// <summary>The POSTs the service is serving now, read from its own metrics (http.server.active_requests).</summary>
    private static async Task<double> ActivePostsAsync(ServiceProcess service)
    {
        var metrics = await service.Client(ServiceProcess.AdminKey).GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("http_server_active_requests{", StringComparison.Ordinal) && line.Contains("http_request_method=\"POST\""))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Sixteen_slow_uploads_of_one_organisation_leave_another_organisations_request_served_within_2_s()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-slow-{Guid.NewGuid():N}.db");
        // A budget that sixteen declared bodies of 1 MiB would fill if they were charged what they declare.
        await using var service = new ServiceProcess(path, new Dictionary<string, string>
        {
            ["Admission__MaxInFlightBytes"] = (8 * 1024 * 1024).ToString(), ["Kestrel__MinRequestBodyGraceSeconds"] = "30",
            ["Metrics__Prometheus"] = "true",
        });
        await service.StartAsync();
        await service.CreateRulingAsync("slow-ruling", "google");
        var slowKey = await service.KeyAsync(new { role = "rights-holder", organisation = "fndf" });
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 16; i++) sockets.Add(await StartSlowUploadAsync(service.BaseAddress, slowKey, 1024 * 1024 - 1));
            await Probe.UntilAsync(async () => await ActivePostsAsync(service) >= 16, "the service did not start the sixteen uploads");
            foreach (var socket in sockets) await socket.SendAsync(Encoding.ASCII.GetBytes("\"https://www.allostreaming.com/1\","));

            var apc = service.Client(await service.KeyAsync(new { role = "rights-holder", organisation = "apc" }));
            var clock = Stopwatch.StartNew();
            var response = await apc.PostAsJsonAsync("/v1/requests", new { rulingId = "slow-ruling",
                urls = new[] { "https://www.allostreaming.com/x" } });
            clock.Stop();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        }
    }

    [Fact]
    public async Task A_body_arriving_slower_than_the_minimum_rate_is_cut_with_408()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-trickle-{Guid.NewGuid():N}.db");
        await using var service = new ServiceProcess(path, new Dictionary<string, string> { ["Kestrel__MinRequestBodyGraceSeconds"] = "2" });
        await service.StartAsync();
        var apcKey = await service.KeyAsync(new { role = "rights-holder", organisation = "apc" });
        try
        {
            using var socket = await StartSlowUploadAsync(service.BaseAddress, apcKey, 64 * 1024);
            var answer = new byte[4096];
            var clock = Stopwatch.StartNew();
            var receive = socket.ReceiveAsync(answer);
            // 1 KiB/s: above Kestrel's own default minimum (240 bytes/s), far below a useful rate.
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            while (!receive.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(15))
            {
                await socket.SendAsync(new byte[256].Select(_ => (byte)' ').ToArray());
                await Task.WhenAny(receive, pace.WaitForNextTickAsync().AsTask());
            }
            Assert.True(receive.IsCompleted, "the trickle was not cut within 15 s");
            var text = Encoding.ASCII.GetString(answer, 0, await receive);
            Assert.StartsWith("HTTP/1.1 408", text);
        }
        finally
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        }
    }
}
