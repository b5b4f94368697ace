using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Delisting.Api.Tests.Infrastructure;

/// <summary>
/// The real service as a child process (the built Delisting.Api.dll, Production settings, a SQLite file, loopback
/// only), so that a test can kill it with SIGKILL at any instant and start it again on the same database.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string AdminKey = "crash-test-admin-key-0123456789";
    private Process? process;

    private readonly IReadOnlyDictionary<string, string> settings;

    public ServiceProcess(string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        DatabasePath = databasePath;
        this.settings = settings ?? new Dictionary<string, string>();
    }

    public string DatabasePath { get; }

    /// <summary>What the service wrote to its console, line by line, across restarts.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    public async Task StartAsync()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Each start JITs the service afresh: without profile-guided re-JIT of hot methods, a start costs a third less CPU.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Delisting"] = $"Data Source={DatabasePath}";
        start.Environment["Auth__BootstrapAdminKey"] = AdminKey;
        start.Environment["RateLimiting__PermitsPerSecond"] = "0";
        start.Environment["Logging__LogLevel__Default"] = settings.GetValueOrDefault("Logging__LogLevel__Default", "Warning");
        foreach (var (name, value) in settings) start.Environment[name] = value;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) Output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Probe.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"The service exited with code {process.ExitCode} at start-up.");
            try
            {
                return (await probe.GetAsync(new Uri(BaseAddress, "/health/ready"))).IsSuccessStatusCode;
            }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, "The service did not become ready within 60 s.", TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally block runs in the service.</summary>
    public void Kill()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit(10_000);
    }

    /// <summary>
    /// Waits until the database's write-ahead log has been written <paramref name="times"/> more times (a transaction
    /// spilling its pages before its commit, or committing), or <paramref name="done"/> holds: a kill instant inside a write.
    /// </summary>
    public async Task UntilLogWrittenAsync(int times, Func<bool> done)
    {
        var log = new FileInfo(DatabasePath + "-wal");
        var last = log.Exists ? log.LastWriteTimeUtc : DateTime.MinValue;
        var writes = 0;
        await Probe.UntilAsync(() =>
        {
            log.Refresh();
            if (log.Exists && log.LastWriteTimeUtc != last) (writes, last) = (writes + 1, log.LastWriteTimeUtc);
            return writes >= times || done();
        }, "the service wrote nothing", TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Whether the service logged the start of a request to <paramref name="path"/> since line <paramref name="from"/> of
    /// <see cref="Output"/>.
    /// </summary>
    public bool Started(string path, int from) =>
        Output.Skip(from).Any(line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains(path, StringComparison.Ordinal));

    /// <summary>
    /// What the service has committed, read on a read-only connection of the test's own (it never writes, so it never
    /// checkpoints or recovers the log in the service's place): true when <paramref name="sql"/> counts more than zero.
    /// </summary>
    public bool Holds(string sql, object? parameters = null)
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
        };
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(file.ToString());
        connection.Open();
        return Dapper.SqlMapper.ExecuteScalar<long>(connection, sql, parameters) > 0;
    }

    /// <summary>A ruling in force today (by the machine's clock, which the service uses) over allostreaming.com, plaintiff apc.</summary>
    public async Task CreateRulingAsync(string id, params string[] engines)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (await Client(AdminKey).PostAsJsonAsync("/v1/rulings", new
        {
            id, court = "Tribunal judiciaire de Paris", caseReference = "RG 26/00099", decidedOn = today.AddDays(-10), servedOn = today.AddDays(-7),
            timeZone = "Europe/Paris", complianceDays = 15, inForceUntil = today.AddYears(1), plaintiffs = new[] { "apc" }, engines,
            sites = new[] { new { domain = "allostreaming.com", network = "Allostreaming" } },
        })).EnsureSuccessStatusCode();
    }

    /// <summary>A new API key (body as for POST /v1/api-keys); its secret.</summary>
    public async Task<string> KeyAsync(object body) =>
        (await (await Client(AdminKey).PostAsJsonAsync("/v1/api-keys",
            body)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(DatabasePath + suffix);
        return ValueTask.CompletedTask;
    }
}
