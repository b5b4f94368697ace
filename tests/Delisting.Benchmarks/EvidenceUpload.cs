using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Delisting.Benchmarks;

/// <summary>
/// 100 MiB captures uploaded with PUT /v1/evidence/{sha256}, the service's resident memory sampled every 10 ms meanwhile:
/// how far it rose above where it was when the upload began (goal ≤ 20 MiB: the body is hashed as it streams to the store,
/// never held whole). After a 1 MiB upload, two of 100 MiB: the first after start also pays once for compiling the paths a
/// long upload takes (tiered JIT), and is shown apart; the second is the figure held to the goal. On the folder store of the
/// main service (before its scenario, while its heap is small), and on Azure Blob Storage in a service of its own when
/// DELISTING_AZURITE holds an Azurite's connection string.
/// </summary>
public static class EvidenceUpload
{
    public const string AzuriteVariable = "DELISTING_AZURITE";
    private const int MiB = 1024 * 1024;
    private const int CaptureMiB = 100;
    private const double GoalMiB = 20;

    public static async Task MeasureAsync(string store, Uri baseAddress, string adminKey, ChildProcess service, Report report)
    {
        Console.WriteLine($"== evidence: two {CaptureMiB} MiB captures uploaded to the {store} store, one after the other");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        await PutAsync(http, Capture(MiB, seed: 1));
        var first = await RiseAsync(http, Capture(CaptureMiB * MiB, seed: 100), service);
        var second = await RiseAsync(http, Capture(CaptureMiB * MiB, seed: 101), service);

        report.Info($"evidence ({store}): first {CaptureMiB} MiB upload after start, service memory growth (includes compiling its code paths)",
            first.Rise, "MiB");
        report.Info($"evidence ({store}): {CaptureMiB} MiB upload, hashed and stored", CaptureMiB / second.Seconds, "MiB/s");
        report.AtMost(
            $"evidence ({store}): service memory growth during a {CaptureMiB} MiB upload (RSS {second.Before:0} → peak {second.Peak:0} MiB)",
            second.Rise, "MiB", $"goal ≤ {GoalMiB:0} MiB", second.Rise / GoalMiB, 1.0);
    }

    private static async Task<(double Before, double Peak, double Rise, double Seconds)> RiseAsync(HttpClient http, byte[] capture,
        ChildProcess service)
    {
        var before = service.ResidentMegabytes() ?? 0;
        var clock = Stopwatch.StartNew();
        var (seconds, peak) = await Sampling.PeakDuringAsync(async () =>
        {
            await PutAsync(http, capture);
            return clock.Elapsed.TotalSeconds;
        }, () => service.ResidentMegabytes() ?? 0, TimeSpan.FromMilliseconds(10));
        return (before, peak, peak - before, seconds);
    }

    /// <summary>The same figure on Azure Blob Storage (Azurite), in a service of its own; a note when no Azurite is named.</summary>
    public static async Task MeasureAzureAsync(string repository, string work, Report report)
    {
        if (Environment.GetEnvironmentVariable(AzuriteVariable) is not { Length: > 0 } connection)
        {
            report.Note($"evidence (Azure Blob): not measured; set {AzuriteVariable} to an Azurite's connection string (README: Evidence).");
            return;
        }
        using var running = await ServiceUnderTest.StartAsync(repository, work, "evidence-azure.db", new Dictionary<string, string>
        {
            ["Evidence__Provider"] = "AzureBlob",
            ["Evidence__ConnectionString"] = connection,
            ["Evidence__Container"] = $"bench-{Guid.NewGuid():N}",
        });
        await MeasureAsync("Azure Blob", running.BaseAddress, running.AdminKey, running.Process, report);
    }

    private static async Task PutAsync(HttpClient http, byte[] capture)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(capture));
        using var content = new ByteArrayContent(capture);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PutAsync($"/v1/evidence/{sha256}", content);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException(
                $"PUT /v1/evidence/{sha256}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static byte[] Capture(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
