using System.Globalization;
using Delisting.Benchmarks;

// Child mode: this same program serves the ceiling endpoints in a process of its own, like the service.
if (args.Contains(Ceilings.ServeFlag)) return await Ceilings.ServeAsync(args);

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Measures the Delisting API over HTTP on SQLite beside ceilings measured in the same run.
        usage: dotnet run -c Release --project tests/Delisting.Benchmarks -- [--quick] [--json PATH]
          --quick      smaller data and shorter load runs (under a minute)
          --json PATH  also write the table as JSON
          --keep-data  keep the temporary folder with the SQLite files (to inspect query plans)
          --pressure-only  only the pressure case (16 clients × 10,000 URLs of 2,000 characters at once)
          --wal-only   only the WAL case (4 writers of 10,000-URL requests, an export, 16 status readers)
          --responses-only only the batches of responses, on a service of their own, beside the raw-insert ceiling
          --ingest-only only 10,000-URL requests one after another (quick: 3), on a service of their own, beside the ceiling
          --webhooks-only only the webhook cases (first delivery, 40,000 events, urgent work, hung receivers)
          --waits-only only issue 21's waiting cases: long polls at scale (1,000 feed readers, quick: 200, beside
                       16 status readers), urgent work (201 → first webhook delivery under responseTime PT1H) and
                       disk per item (10 × 10,000 URLs, quick 2; the figures of docs/capacity.md)
          --transparency-only  only the cold public figures of a ruling of 1,000,000 items
          --scale      ten million items: the ceilings, then 250 requests of 10,000 URLs × 4 engines through the API
                       (progress printed), then status, queue, responses, withdrawals and the export at 10,000,000 items;
                       ingest p50 at 10M ÷ at 1M and disk bytes per item (about 15 minutes)
        Exit code 0 whether goals pass or fail; non-zero only when something could not be measured.
        """);
    return 0;
}

string? jsonPath = null;
var quick = false;
var keepData = false;
var pressureOnly = false;
var walOnly = false;
var responsesOnly = false;
var ingestOnly = false;
var waitsOnly = false;
var webhooksOnly = false;
var transparencyOnly = false;
var scale = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick": quick = true; break;
        case "--keep-data": keepData = true; break;
        case "--pressure-only": pressureOnly = true; break;
        case "--wal-only": walOnly = true; break;
        case "--responses-only": responsesOnly = true; break;
        case "--ingest-only": ingestOnly = true; break;
        case "--waits-only": waitsOnly = true; break;
        case "--webhooks-only": webhooksOnly = true; break;
        case "--transparency-only": transparencyOnly = true; break;
        case "--scale": scale = true; break;
        case "--json" when i + 1 < args.Length: jsonPath = args[++i]; break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}' (try --help).");
            return 2;
    }
}

var settings = scale ? Settings.Scale : quick ? Settings.Quick : Settings.Full;
var command = "dotnet run -c Release --project tests/Delisting.Benchmarks --" + string.Concat(args.Select(a => " " + a));
var report = new Report(MachineInfo.Current(), scale ? "scale" : quick ? "quick" : "full", command);
var repository = Settings.FindRepository();
var work = Directory.CreateTempSubdirectory("delisting-bench-");
try
{
    report.SampleLoad("start");
    var all = !pressureOnly && !walOnly && !waitsOnly && !responsesOnly && !ingestOnly && !transparencyOnly && !webhooksOnly && !scale;
    if (scale)
    {
        // Ten million items: the service's own path at that size, nothing else (the other cases do not depend on it).
        var ceilings = await Scenario.MeasureCeilingsAsync(settings, work.FullName, report);
        await Scenario.MeasureServiceAsync(settings, repository, work.FullName, ceilings, report);
    }
    else if (responsesOnly)
    {
        await ResponseBatches.MeasureAloneAsync(settings, repository, work.FullName, report);
    }
    else if (ingestOnly)
    {
        await IngestAlone.MeasureAsync(settings, repository, work.FullName, quick, report);
    }
    else if (all)
    {
        var ceilings = await Scenario.MeasureCeilingsAsync(settings, work.FullName, report);
        report.SampleLoad("after ceilings");
        try
        {
            await Scenario.MeasureServiceAsync(settings, repository, work.FullName, ceilings, report);
        }
        catch (Exception exception)
        {
            report.Error("service", exception.Message);
        }
        try
        {
            await EvidenceUpload.MeasureAzureAsync(repository, work.FullName, report);
        }
        catch (Exception exception)
        {
            report.Error("evidence (Azure Blob)", exception.Message);
        }
        try
        {
            await WebhookCases.MeasureAsync(repository, work.FullName, report);
        }
        catch (Exception exception)
        {
            report.Error("webhooks", exception.Message);
        }
    }
    if (waitsOnly || webhooksOnly)
    {
        try
        {
            await WebhookCases.MeasureAsync(repository, work.FullName, report, urgentOnly: waitsOnly);
        }
        catch (Exception exception)
        {
            report.Error("urgent work", exception.Message);
        }
    }
    if (all || waitsOnly)
    {
        try
        {
            await LongPolls.MeasureAsync(repository, work.FullName, quick, report);
        }
        catch (Exception exception)
        {
            report.Error("long polls", exception.Message);
        }
    }
    if (waitsOnly)
    {
        try
        {
            await DiskPerItem.MeasureAsync(repository, work.FullName, quick, report);
        }
        catch (Exception exception)
        {
            report.Error("disk per item", exception.Message);
        }
    }
    if (!pressureOnly && !waitsOnly && !responsesOnly && !ingestOnly && !transparencyOnly && !webhooksOnly && !scale)
    {
        try
        {
            await WalUnderWriters.MeasureAsync(repository, work.FullName, quick, report);
        }
        catch (Exception exception)
        {
            report.Error("wal", exception.Message);
        }
    }
    if (all || transparencyOnly)
    {
        try
        {
            await TransparencyMillion.MeasureAsync(repository, work.FullName, report);
        }
        catch (Exception exception)
        {
            report.Error("transparency at 1,000,000 items", exception.Message);
        }
    }
    if (!walOnly && !waitsOnly && !responsesOnly && !ingestOnly && !transparencyOnly && !webhooksOnly && !scale)
    {
        try
        {
            await Pressure.MeasureAsync(repository, work.FullName, report);
        }
        catch (Exception exception)
        {
            report.Error("pressure", exception.Message);
        }
    }
}
catch (Exception exception)
{
    report.Error("ceilings", exception.Message);
}
finally
{
    if (keepData) Console.WriteLine($"Data kept in {work.FullName}");
    else try { work.Delete(recursive: true); } catch (IOException) { }
}

report.SampleLoad("end");
Console.WriteLine();
Console.Write(report.Table());
if (jsonPath is not null)
{
    await report.WriteJsonAsync(jsonPath);
    Console.WriteLine($"JSON written to {Path.GetFullPath(jsonPath)}");
}
return report.HasErrors ? 1 : 0;

namespace Delisting.Benchmarks
{
    /// <summary>How big and how long: the full run and the quick one measure the same lines.</summary>
    public sealed record Settings(
        int CeilingRows, TimeSpan WarmUp, TimeSpan Duration, int Clients,
        int BaselineItems, int IngestRequests, int UrlsPerRequest, int ResponseBatches, int BatchSize)
    {
        /// <summary>
        /// The warm-up of a read whose rate is a ratio to a ceiling (status ÷ one-row read, and the page ceiling), the
        /// same on both sides: long enough for tiered compilation to settle. In a fresh service the status read ran at
        /// about 13,000 req/s for 4 s of load, then 19,000, 29,000 and 35,000–41,000 from the 6th second on (wrk, 1 s
        /// windows, 2026-12-03); with a 1 s warm-up the quick run's status ratio moved from 0.48 to 0.78 between runs.
        /// With <see cref="ChildProcess.SteadyJit"/> set on both sides, the same read is steady from the 3rd second.
        /// </summary>
        public TimeSpan SteadyWarmUp { get; } = TimeSpan.FromSeconds(3);

        public static readonly Settings Full = new(1_000_000, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), 16, 10_000, 25, 10_000, 20, 1_000);
        public static readonly Settings Quick = new(100_000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 16, 10_000, 1, 10_000, 10, 1_000);
        public static readonly Settings Scale = new(1_000_000, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), 16, 10_000, 250, 10_000, 20, 1_000);

        /// <summary>The folder holding Delisting.sln: from the working directory up, else from this program's folder up.</summary>
        public static string FindRepository()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, "Delisting.sln"))) return directory.FullName;
                }
            }
            throw new InvalidOperationException("Delisting.sln not found above the working directory: run from the repository.");
        }

        public static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
    }
}
