using System.Globalization;
using System.Reflection;

namespace Delisting.Benchmarks;

public sealed record CeilingFigures(double InsertRowsPerSecond, LoadResult Bare, LoadResult RowRead, LoadResult Page);

/// <summary>The run: ceilings first, then the real service through its public API.</summary>
public static class Scenario
{
    private const string Engine = "google";
    private static readonly string[] Engines = ["google", "bing", "orange", "yahoo"];

    public static async Task<CeilingFigures> MeasureCeilingsAsync(Settings settings, string work, Report report)
    {
        Console.WriteLine("== ceilings");
        var databasePath = Path.Combine(work, "ceiling.db");
        var insertRate = await Ceilings.RawInsertAsync(databasePath, settings.CeilingRows);
        report.Info("ceiling: raw SQLite inserts (1 prepared command, 1 transaction, WAL)", insertRate, "rows/s",
            note: $"{Settings.Count(settings.CeilingRows)} rows, best of {Ceilings.MeasuredPasses} passes");

        var port = ChildProcess.FreePort();
        var (fileName, prefix) = OwnCommand();
        using var child = ChildProcess.Start(fileName, [.. prefix, Ceilings.ServeFlag, "--port", port.ToString(CultureInfo.InvariantCulture), "--db",
            databasePath],
            AppContext.BaseDirectory, ChildProcess.SteadyJit);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await child.WaitForHttpAsync(new Uri(baseAddress, "/ping"), TimeSpan.FromSeconds(30));

        using var load = new LoadClient(baseAddress, settings.Clients);
        var bare = await load.RunAsync("bare", settings.Clients, settings.WarmUp, settings.Duration, _ => "/ping", serverCpu: child.CpuTime);
        Add(report, $"ceiling: bare minimal API GET /ping, {settings.Clients} clients", bare);
        var rows = settings.CeilingRows;
        var rowRead = await load.RunAsync("row", settings.Clients, settings.SteadyWarmUp, settings.Duration,
            random => "/rows/" + random.NextInt64(1, rows + 1).ToString(CultureInfo.InvariantCulture), serverCpu: child.CpuTime);
        Add(report, $"ceiling: GET one SQLite row by key ({Settings.Count(rows)} rows), {settings.Clients} clients", rowRead);
        var page = await load.RunAsync("page", settings.Clients, settings.SteadyWarmUp, settings.Duration,
            random => "/page/" + random.NextInt64(0, rows - Ceilings.PageRows).ToString(CultureInfo.InvariantCulture), serverCpu: child.CpuTime);
        Add(report, $"ceiling: GET a page of {Ceilings.PageRows} SQLite rows by key range, {settings.Clients} clients", page);
        return new CeilingFigures(insertRate, bare, rowRead, page);
    }

    public static async Task MeasureServiceAsync(Settings settings, string repository, string work, CeilingFigures ceilings, Report report)
    {
        Console.WriteLine("== service: building src/Delisting.Api (Release)");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "service.db");
        var (service, baseAddress, adminKey) = (running.Process, running.BaseAddress, running.AdminKey);
        Console.WriteLine($"== service: started (pid {service.Id}) on {baseAddress}");
        using var wal = new WalSize(Path.Combine(work, "service.db-wal"));

        try
        {
            await EvidenceUpload.MeasureAsync("folder", baseAddress, adminKey, service, report);
            await RunScenarioAsync(settings, baseAddress, adminKey, service, ceilings, Path.Combine(work, "service.db"), report);
        }
        catch (Exception exception) when (service.HasExited)
        {
            throw new InvalidOperationException($"The service died: {exception.Message}\n{service.OutputTail()}", exception);
        }
        finally
        {
            if (!service.HasExited && service.PeakResidentMegabytes() is double peak)
            {
                report.AtMost("service peak RSS (VmHWM)", peak, "MiB", "goal ≤ 500 MiB", peak / 500, 1.0);
            }
            wal.Report(report);
        }
    }

    private static async Task RunScenarioAsync(Settings settings, Uri baseAddress, string adminKey, ChildProcess service,
        CeilingFigures ceilings, string databasePath, Report report)
    {
        using var api = new DelistingClient(baseAddress);
        var plaintiffKey = await api.CreateKeyAsync(adminKey, new { role = "rights-holder", organisation = "apc", label = "benchmark: apc" });
        var engineKey = await api.CreateKeyAsync(adminKey, new { role = "engine", engine = Engine, label = "benchmark: google liaison" });

        const string rulingId = "bench-allostreaming";
        await CreateRulingAsync(api, adminKey, rulingId);

        var nextFilm = 0;
        List<string> Urls(int count) =>
            Enumerable.Range(0,
                count).Select(_ => "https://www.allostreaming.com/film/" + (++nextFilm).ToString(CultureInfo.InvariantCulture)).ToList();
        long items = 0;

        // The request whose status is read under load: 10 URLs.
        var (statusRequestId, _) = await api.SubmitRequestAsync(plaintiffKey, rulingId, "bench-status", Urls(10));
        items += 10 * Engines.Length;
        // Up to the small queue: BaselineItems items in all (it also warms the ingest path up).
        var baselineUrls = settings.BaselineItems / Engines.Length - 10;
        await api.SubmitRequestAsync(plaintiffKey, rulingId, "bench-baseline", Urls(baselineUrls));
        items += baselineUrls * Engines.Length;

        using var load = new LoadClient(baseAddress, settings.Clients);
        var engineHeaders = new Dictionary<string, string> { ["X-Api-Key"] = engineKey };
        var queuePath = $"/v1/engines/{Engine}/items?status=pending&limit=500";
        // The service's CPU per request takes several seconds of load to settle (tiered compilation, GC heap
        // adaptation): warm the read paths up unmeasured first, or the first figure (the queue at 10k) is pessimistic.
        Console.WriteLine("== service warm-up");
        var plaintiffHeaders = new Dictionary<string, string> { ["X-Api-Key"] = plaintiffKey };
        await load.RunAsync("warm-up: queue", settings.Clients, settings.WarmUp, TimeSpan.FromSeconds(6), _ => queuePath, engineHeaders);
        await load.RunAsync("warm-up: status", settings.Clients, settings.WarmUp / 2, settings.WarmUp / 2, _ => $"/v1/requests/{statusRequestId}",
            plaintiffHeaders);

        Console.WriteLine($"== queue at {Settings.Count(items)} items");
        var smallQueue = await load.RunAsync("queue-small", settings.Clients, settings.WarmUp, settings.Duration, _ => queuePath, engineHeaders,
            service.CpuTime);
        var smallLabel = $"{Settings.Count(items)} items";
        Add(report, $"queue: GET {Engine} pending, limit 500, @ {smallLabel}, {settings.Clients} clients", smallQueue, perSecond: true, p50: true,
            p99: true);

        Console.WriteLine($"== ingest: {settings.IngestRequests} requests × {Settings.Count(settings.UrlsPerRequest)} URLs");
        var elapsed = new List<TimeSpan>();
        // Counted before and after, not at 10 M items (the counts would read the whole database twice).
        var entriesBefore = settings.IngestRequests < 100 ? BTreeEntries.Count(databasePath) : (long?)null;
        var ingestCpuBefore = service.CpuTime();
        for (var i = 1; i <= settings.IngestRequests; i++)
        {
            var (_, took) = await api.SubmitRequestAsync(plaintiffKey, rulingId, $"bench-ingest-{i:000}", Urls(settings.UrlsPerRequest));
            elapsed.Add(took);
            items += (long)settings.UrlsPerRequest * Engines.Length;
            Console.WriteLine($"   request {i}/{settings.IngestRequests}: {took.TotalMilliseconds:0} ms, {Settings.Count(items)} items in all");
        }
        var ingestCpu = service.CpuTime() - ingestCpuBefore;
        var entries = entriesBefore is long before ? BTreeEntries.Count(databasePath) - before : (long?)null;
        if (settings.IngestRequests >= 100) ScaleFigures.Report(settings, elapsed, items, databasePath, report);
        var totalSeconds = elapsed.Sum(t => t.TotalSeconds);
        var urls = (long)settings.IngestRequests * settings.UrlsPerRequest;
        var rowsPerRequest = RowsPerRequest(settings.UrlsPerRequest, Engines.Length);
        var rowsPerSecond = rowsPerRequest * settings.IngestRequests / totalSeconds;
        report.Info($"ingest: URLs accepted/s ({settings.IngestRequests} × {Settings.Count(settings.UrlsPerRequest)} URLs, 4 engines)",
            urls / totalSeconds, "URLs/s");
        report.Info("ingest: time per 10,000-URL POST /v1/requests, p50", Median(elapsed.Select(t => t.TotalMilliseconds)), "ms");
        if (ingestCpu is TimeSpan cpu)
        {
            report.Info("ingest: service CPU per 10,000-URL request", cpu.TotalMilliseconds / settings.IngestRequests, "ms",
                note: $"{cpu.TotalSeconds / totalSeconds:0.00} cores busy on average");
        }
        report.AtLeast("ingest: rows written/s", rowsPerSecond, "rows/s",
            $"raw inserts {Report.Format(ceilings.InsertRowsPerSecond, "rows/s")}", rowsPerSecond / ceilings.InsertRowsPerSecond, 0.50);
        if (entries is long written)
        {
            BTreeEntries.Report(report, "ingest", written, settings.IngestRequests, totalSeconds, rowsPerRequest, ceilings.InsertRowsPerSecond);
        }
        report.Note($"rows per request = U (notices) + U×E (items) + U (request_urls) + 1 (request) + 1 (event) = U×(E+2)+2; " +
            $"U = {Settings.Count(settings.UrlsPerRequest)}, E = {Engines.Length} → {Settings.Count(rowsPerRequest)} rows.");

        Console.WriteLine("== status");
        var status = await load.RunAsync("status", settings.Clients, settings.SteadyWarmUp, settings.Duration,
            _ => $"/v1/requests/{statusRequestId}", plaintiffHeaders, service.CpuTime);
        var ratio = status.RequestsPerSecond / ceilings.RowRead.RequestsPerSecond;
        report.AtLeast($"status: GET /v1/requests/{{id}} (10 URLs) @ {Settings.Count(items)} items, {settings.Clients} clients",
            status.RequestsPerSecond, "req/s", $"one-row read {Report.Format(ceilings.RowRead.RequestsPerSecond, "req/s")}", ratio, 0.70);
        Add(report, "status", status, perSecond: false, p50: true, p99: true);
        if (status.ServerCpuMsPerRequest is double statusCpu) report.Info("status: service CPU per request", statusCpu, "ms");

        Console.WriteLine($"== queue at {Settings.Count(items)} items");
        var largeQueue = await load.RunAsync("queue-large", settings.Clients, settings.WarmUp, settings.Duration, _ => queuePath, engineHeaders,
            service.CpuTime);
        var largeLabel = $"{Settings.Count(items)} items";
        Add(report, $"queue: GET {Engine} pending, limit 500, @ {largeLabel}, {settings.Clients} clients", largeQueue, perSecond: true, p50: true,
            p99: false);
        report.AtMost($"queue: p99 @ {largeLabel}", largeQueue.P99, "ms", "goal ≤ 15 ms", largeQueue.P99 / 15, 1.0);
        report.AtMost($"queue: p99 @ {largeLabel} vs p99 @ {smallLabel}", largeQueue.P99, "ms",
            $"p99 @ {smallLabel} = {Report.Format(smallQueue.P99, "ms")}", largeQueue.P99 / smallQueue.P99, 1.10);
        report.AtLeast($"queue: req/s @ {largeLabel} vs the page ceiling", largeQueue.RequestsPerSecond, "req/s",
            $"page of 500 rows {Report.Format(ceilings.Page.RequestsPerSecond, "req/s")}",
            largeQueue.RequestsPerSecond / ceilings.Page.RequestsPerSecond, 0.5);

        await ResponseBatches.MeasureAsync(settings, api, engineKey, Engine, service, ceilings.InsertRowsPerSecond, report);

        var withdrawalP50 = await MeasureWithdrawalsAsync(settings, api, plaintiffKey, rulingId, Urls, service, report);
        await ProtectedHostWithdrawal.MeasureAsync(api, adminKey, plaintiffKey, Engines, settings.UrlsPerRequest, withdrawalP50, report);
        await SiteMatching.MeasureAsync(api, adminKey, plaintiffKey, Engines, settings.UrlsPerRequest,
            Median(elapsed.Select(t => t.TotalMilliseconds)), report);
        await FeedReading.MeasureAsync(api, engineKey, Engine, report);
        await ComplianceExport.MeasureAsync(api, plaintiffKey, rulingId, service, report);
        ComplianceExport.MeasureIdleInstruments(report);
        await TransparencyFigures.MeasureAsync(baseAddress, rulingId, report);

        foreach (var run in new[] { smallQueue, status, largeQueue })
        {
            if (run.Errors > 0) report.Note($"{run.Name}: {run.Errors} failed requests (first: {run.FirstError}); latencies count successes only.");
        }
    }

    /// <summary>
    /// Requests of fresh URLs, each submitted and then entirely withdrawn (its only claim: every item moves to
    /// withdrawn). The submissions are timed in the same state of the database, as the yardstick. The first round is
    /// not counted: submissions ran many times before it (ingest), withdrawals never, and its withdrawal would time the
    /// service compiling and caching that path rather than running it.
    /// </summary>
    private static async Task<double> MeasureWithdrawalsAsync(Settings settings, DelistingClient api, string plaintiffKey, string rulingId,
        Func<int, List<string>> urls, ChildProcess service, Report report)
    {
        const int WarmUpRounds = 1, Rounds = 5;
        Console.WriteLine($"== withdrawals: {WarmUpRounds} + {Rounds} × {Settings.Count(settings.UrlsPerRequest)} URLs");
        var submitted = new List<double>();
        var withdrawn = new List<double>();
        TimeSpan submitCpu = TimeSpan.Zero, withdrawCpu = TimeSpan.Zero;
        for (var round = 1 - WarmUpRounds; round <= Rounds; round++)
        {
            var batch = urls(settings.UrlsPerRequest);
            var cpuBefore = service.CpuTime();
            var (id, submitTook) = await api.SubmitRequestAsync(plaintiffKey, rulingId, $"bench-withdrawal-{round + WarmUpRounds}", batch);
            var cpuBetween = service.CpuTime();
            var withdrawTook = await api.WithdrawAsync(plaintiffKey, id, batch);
            var cpuAfter = service.CpuTime();
            var label = round < 1 ? "warm-up" : $"round {round}/{Rounds}";
            Console.WriteLine($"   {label}: submitted in {submitTook.TotalMilliseconds:0} ms, withdrawn in {withdrawTook.TotalMilliseconds:0} ms");
            if (round < 1) continue;
            submitCpu += (cpuBetween - cpuBefore) ?? TimeSpan.Zero;
            withdrawCpu += (cpuAfter - cpuBetween) ?? TimeSpan.Zero;
            submitted.Add(submitTook.TotalMilliseconds);
            withdrawn.Add(withdrawTook.TotalMilliseconds);
        }
        var submitP50 = Median(submitted);
        var withdrawP50 = Median(withdrawn);
        report.AtMost($"withdrawal: POST {Settings.Count(settings.UrlsPerRequest)} URLs (last claim, 4 engines), p50 of {Rounds}", withdrawP50, "ms",
            $"2 × submitting them ({Report.Format(submitP50, "ms")})", withdrawP50 / submitP50, 2.0);
        report.Info("withdrawal: service CPU per 10,000-URL withdrawal", withdrawCpu.TotalMilliseconds / Rounds, "ms",
            note: $"submitting them: {submitCpu.TotalMilliseconds / Rounds:0} ms");
        return withdrawP50;
    }

    /// <summary>The benchmark's ruling: in force, the four engines, plaintiff apc, four sites.</summary>
    public static Task CreateRulingAsync(DelistingClient api, string adminKey, string rulingId)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return api.CreateRulingAsync(adminKey, new
        {
            id = rulingId, court = "Tribunal judiciaire de Paris", caseReference = "BENCH 00/00000",
            decidedOn = today.AddDays(-10), servedOn = (DateOnly?)null, timeZone = "Europe/Paris", complianceDays = 15,
            inForceUntil = today.AddDays(365), plaintiffs = new[] { "apc" }, engines = Engines,
            sites = new[]
            {
                new { domain = "allostreaming.com", network = "Allostreaming" }, new { domain = "alloshowtv.com", network = "Allostreaming" },
                new { domain = "dpstream.tv", network = "DPStream" }, new { domain = "fifostream.tv", network = "Fifostream" },
            },
        });
    }

    public static long RowsPerRequest(long urls, int engines) => urls * (engines + 2) + 2;

    private static void Add(Report report, string metric, LoadResult result, bool perSecond = true, bool p50 = true, bool p99 = true)
    {
        if (perSecond) report.Info(metric, result.RequestsPerSecond, "req/s",
            note: $"{Settings.Count(result.Requests)} requests in {result.Duration.TotalSeconds:0.0} s");
        if (p50) report.Info($"{metric}: p50", result.P50, "ms");
        if (p99) report.Info($"{metric}: p99", result.P99, "ms");
        if (perSecond && result.ServerCpuMsPerRequest is double cpu) report.Info($"{metric}: server CPU per request", cpu, "ms");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(sorted.Length - 1) / 2];
    }

    /// <summary>How to start this program again: its apphost, or `dotnet` with its assembly.</summary>
    private static (string FileName, string[] Prefix) OwnCommand()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Unknown process path.");
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? (processPath, [Assembly.GetEntryAssembly()!.Location])
            : (processPath, []);
    }
}
