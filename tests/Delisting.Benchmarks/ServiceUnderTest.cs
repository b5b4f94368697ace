using System.Security.Cryptography;

namespace Delisting.Benchmarks;

/// <summary>
/// The service as a benchmark case runs it: built in Release, started as a child process on 127.0.0.1 with its own
/// SQLite file and evidence folder, a random bootstrap admin key and rate limiting off, and ready (`/health/ready`) when returned.
/// </summary>
public sealed record ServiceUnderTest(ChildProcess Process, Uri BaseAddress, string AdminKey) : IDisposable
{
    private static int built;

    public static async Task<ServiceUnderTest> StartAsync(string repository, string work, string databaseFile,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        // Built once per run: the sources do not change between cases, and a build that finds nothing to do still costs
        // 2–4 s of both cores, next to the case before it winding down.
        if (Interlocked.Exchange(ref built, 1) == 0)
        {
            await ChildProcess.RunAsync(dotnet, ["build", "-c", "Release", "src/Delisting.Api", "-nologo", "-v", "q"], repository,
                TimeSpan.FromMinutes(5));
        }
        var dll = Path.Combine(repository, "src", "Delisting.Api", "bin", "Release", "net10.0", "Delisting.Api.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"The build did not produce {dll}.");

        var adminKey = "bench_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var baseAddress = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Delisting"] = $"Data Source={Path.Combine(work, databaseFile)}",
            ["Auth__BootstrapAdminKey"] = adminKey,
            ["RateLimiting__PermitsPerSecond"] = "0",
            ["Seeds__Path"] = Path.Combine(repository, "seeds"),
            ["Evidence__Path"] = Path.Combine(work, $"evidence-{Path.GetFileNameWithoutExtension(databaseFile)}"),
        };
        foreach (var (name, value) in ChildProcess.SteadyJit.Concat(settings ?? new Dictionary<string, string>())) environment[name] = value;
        var process = ChildProcess.Start(dotnet, [dll], Path.GetDirectoryName(dll)!, environment);
        try
        {
            await process.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new ServiceUnderTest(process, baseAddress, adminKey);
    }

    public void Dispose() => Process.Dispose();
}
