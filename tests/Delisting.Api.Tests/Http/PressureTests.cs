using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Delisting.Api.Data;
using Delisting.Api.Http;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Delisting.Api.Admission;

namespace Delisting.Api.Tests.Http;

/// <summary>Rate limiting of calls without a valid key, and admission control of bulk bodies.</summary>
public sealed class PressureTests
{
    private static DelistingApp ThrottledApp() => new(extraSettings: new Dictionary<string, string>
    {
        ["RateLimiting:PermitsPerSecond"] = "1000",
        ["RateLimiting:Burst"] = "1000",
        ["RateLimiting:UnauthenticatedPermitsPerSecond"] = "1",
        ["RateLimiting:UnauthenticatedBurst"] = "5",
    });

    [Fact]
    public async Task Guessing_keys_is_throttled_per_address_with_429_and_retry_after()
    {
        await using var app = ThrottledApp();
        var statuses = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await app.WithKey($"dlk_guess_{Guid.NewGuid():N}").GetAsync("/v1/engines");
            statuses.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.AssertProblemAsync(429);
                Assert.Contains("valid API key", problem.Str("detail"));
                Assert.True(int.Parse(response.Headers.RetryAfter!.ToString()) >= 1);
            }
        }
        // The burst is spent on 401s; after it, one token a second at most.
        Assert.True(statuses.Take(5).All(s => s == 401), string.Join(",", statuses));
        Assert.True(statuses.Count(s => s == 429) >= 20, string.Join(",", statuses));
        Assert.True(statuses.Count(s => s == 401) <= 8, string.Join(",", statuses));
    }

    [Fact]
    public async Task Calls_without_any_key_count_too()
    {
        await using var app = ThrottledApp();
        var statuses = new List<int>();
        for (var i = 0; i < 20; i++) statuses.Add((int)(await app.Anonymous().GetAsync("/v1/rulings")).StatusCode);
        Assert.Contains(429, statuses);
    }

    /// <summary>
    /// Once an address has spent its failures, even a right guess is answered 429: otherwise the 429 would tell
    /// wrong keys from right ones and guessing would go on at full speed.
    /// </summary>
    [Fact]
    public async Task An_exhausted_address_gets_429_whatever_key_it_sends_until_the_bucket_refills()
    {
        await using var app = ThrottledApp();
        var admin = app.Admin();
        for (var i = 0; i < 10; i++) await app.WithKey("dlk_wrong").GetAsync("/v1/engines");
        await (await admin.GetAsync("/v1/engines")).AssertProblemAsync(429);
        // The bucket refills on the machine's clock (the rate limiter has no TimeProvider): the right key gets in again soon.
        await Probe.UntilAsync(async () => (await admin.GetAsync("/v1/engines")).StatusCode == HttpStatusCode.OK, "the bucket did not refill",
            TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Valid_keys_are_not_slowed_by_the_throttle()
    {
        await using var app = ThrottledApp();
        var admin = app.Admin();
        for (var i = 0; i < 50; i++) Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/engines")).StatusCode);
    }

    [Fact]
    public async Task Bulk_work_beyond_what_is_in_flight_is_503_with_retry_after_and_stores_nothing()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Admission:MaxInFlightBytes"] = "4096" });
        await app.CreateRulingInForceAsync("pressure-ruling");
        var apc = await app.RightsHolderAsync("apc");
        var admission = app.Services.GetRequiredService<BulkAdmission>();

        // Another bulk body is being processed (its bytes held here, as the middleware holds them).
        Assert.True(admission.TryEnter(4050));
        var second = await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(
            """{ "rulingId": "pressure-ruling", "urls": [ "https://www.allostreaming.com/film/2" ] }"""));
        var problem = await second.AssertProblemAsync(503);
        Assert.Equal(TimeSpan.FromSeconds(2), second.Headers.RetryAfter?.Delta);
        Assert.Contains("retry", problem.Str("detail"));
        // Engine batches share the budget.
        var google = await app.LiaisonAsync();
        await (await google.RespondAsync("google", Scenario.Acknowledge("itm_x"))).AssertProblemAsync(503);

        Assert.Equal("""{"items":[],"next":null}""", (await apc.GetJsonAsync("/v1/requests")).GetRawText());
        admission.Exit(4050);

        // With the budget free again the same retry goes through.
        Assert.Equal(HttpStatusCode.Created, (await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(
            """{ "rulingId": "pressure-ruling", "urls": [ "https://www.allostreaming.com/film/2" ] }"""))).StatusCode);
        Assert.Equal(0, admission.InFlightBytes);
    }

    [Fact]
    public async Task A_refused_caller_is_answered_before_admission()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Admission:MaxInFlightBytes"] = "1" });
        await app.CreateRulingInForceAsync("pressure-ruling");
        var admission = app.Services.GetRequiredService<BulkAdmission>();
        Assert.True(admission.TryEnter(10));
        try
        {
            var bing = await app.LiaisonAsync("bing");
            await (await bing.RespondAsync("google", Scenario.Acknowledge("itm_x"))).AssertProblemAsync(403);
            await (await app.Anonymous().PostAsync("/v1/requests", HttpAssertions.JsonBody("{}"))).AssertProblemAsync(401);
        }
        finally
        {
            admission.Exit(10);
        }
    }

    [Fact]
    public async Task An_exhausted_address_still_reaches_the_health_checks()
    {
        await using var app = ThrottledApp();
        for (var i = 0; i < 10; i++) await app.WithKey("dlk_wrong").GetAsync("/v1/engines");
        await (await app.Admin().GetAsync("/v1/engines")).AssertProblemAsync(429);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_checkpoint_empties_the_sqlite_write_ahead_log()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync("wal-ruling");
        await (await app.RightsHolderAsync()).SubmitAsync("wal-ruling", Scenario.Urls(2000));
        var wal = new FileInfo(app.DatabasePath + "-wal");
        Assert.True(wal.Exists && wal.Length > 0, "the writes left no write-ahead log");

        var checkpointer = app.Services.GetServices<IHostedService>().OfType<LogCheckpointer>().Single();
        await checkpointer.CheckpointAsync(CancellationToken.None);
        wal.Refresh();
        Assert.Equal(0, wal.Length);
        // Nothing was lost: the request reads back whole.
        var requests = (await app.Admin().GetJsonAsync("/v1/requests")).GetProperty("items");
        Assert.Equal(1, requests.GetArrayLength());
    }

    /// <summary>A reader on an old snapshot keeps the log from being emptied; the checkpoint gives up instead of stalling writers.</summary>
    [Fact]
    public async Task A_checkpoint_does_not_stall_writers_behind_a_long_reader()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync("wal-ruling");
        var apc = await app.RightsHolderAsync();
        await apc.SubmitAsync("wal-ruling", Scenario.Urls(10));
        await using var reader = new SqliteConnection($"Data Source={app.DatabasePath}");
        await reader.OpenAsync();
        await using var snapshot = reader.BeginTransaction(deferred: true);
        Assert.Equal(1L, await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests", transaction: snapshot));
        await apc.SubmitAsync("wal-ruling", Scenario.Urls(10, from: 100));

        var checkpointer = app.Services.GetServices<IHostedService>().OfType<LogCheckpointer>().Single();
        var started = Stopwatch.GetTimestamp();
        await checkpointer.CheckpointAsync(CancellationToken.None);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3), $"the checkpoint took {Stopwatch.GetElapsedTime(started)}");
        await apc.SubmitAsync("wal-ruling", Scenario.Urls(10, from: 200));
        Assert.Equal(3, (await apc.GetJsonAsync("/v1/requests")).GetProperty("items").GetArrayLength());
    }

    /// <summary>Over Kestrel: a submission whose body is still arriving holds its share until it is answered.</summary>
    [Fact]
    public async Task A_body_still_arriving_holds_what_has_arrived_and_another_organisation_is_served()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Admission:MaxInFlightBytes"] = "4096" });
        app.UseKestrel(0);
        app.StartServer();
        await app.CreateRulingInForceAsync("pressure-ruling", plaintiffs: ["apc", "fndf"]);
        // The default test client buffers request bodies; these stream them as they are written.
        var apc = app.CreateDefaultClient();
        apc.DefaultRequestHeaders.Add("X-Api-Key", await app.CreateKeyAsync("rights-holder", organisation: "apc"));
        var fndf = app.CreateDefaultClient();
        fndf.DefaultRequestHeaders.Add("X-Api-Key", await app.CreateKeyAsync("rights-holder", organisation: "fndf"));
        var admission = app.Services.GetRequiredService<BulkAdmission>();

        var json = """{ "rulingId": "pressure-ruling", "urls": [ "https://www.allostreaming.com/film/1" ] }""";
        var held = new HeldContent(json);
        var first = apc.PostAsync("/v1/requests", held);
        await Probe.UntilAsync(() => admission.InFlightBytes > 0, "the first submission was not charged while its body arrived");
        Assert.Equal(json.Length / 2, admission.InFlightBytes);

        var other = await fndf.PostAsync("/v1/requests", HttpAssertions.JsonBody(
            """{ "rulingId": "pressure-ruling", "urls": [ "https://www.allostreaming.com/film/2" ] }"""));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);

        held.Release();
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        Assert.Equal(0, admission.InFlightBytes);
    }

    [Fact]
    public async Task One_tenant_holds_at_most_its_share_while_another_of_its_bodies_is_in_flight()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string>
            { ["Admission:MaxInFlightBytes"] = "1000", ["Admission:TenantShare"] = "0.5" });
        var admission = app.Services.GetRequiredService<BulkAdmission>();
        Assert.True(admission.TryCharge("apc", 400, 0));
        Assert.True(admission.TryCharge("apc", 300, 400));     // one body alone may pass its share
        Assert.False(admission.TryCharge("apc", 1, 0));        // a second body of apc: beyond half the budget
        Assert.True(admission.TryCharge("fndf", 300, 0));      // another tenant: its own share, within the budget
        Assert.False(admission.TryCharge("fndf", 1, 300));     // the budget is full: 700 + 300 held by others
        Assert.Equal(1000, admission.InFlightBytes);
        admission.Release("apc", 700);
        Assert.True(admission.TryCharge("apc", 100, 0));
        admission.Release("apc", 100);
        admission.Release("fndf", 300);
        Assert.Equal(0, admission.InFlightBytes);
    }

    /// <summary>Sends the first half of a body, then waits for Release before sending the rest; no declared length.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly byte[] bytes;
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldContent(string json)
        {
            bytes = System.Text.Encoding.UTF8.GetBytes(json);
            Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json");
        }

        public void Release() => release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await stream.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await stream.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
