using System.Net;
using System.Net.Sockets;
using Dapper;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Evidence;

/// <summary>
/// With the Azure Blob store unreachable (a port nothing listens on), evidence calls answer 503 with Retry-After and an
/// RFC 9457 body, not 500, and an upload stores nothing: the client's request was fine and may be sent again.
/// </summary>
public sealed class StorageDownTests
{
    private static readonly byte[] Capture = "<html><body>Stored while the storage was down?</body></html>"u8.ToArray();

    private static string UnreachableStorage()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    [Fact]
    public async Task Uploads_and_reads_answer_503_with_retry_after_and_store_nothing()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string>
        {
            ["Evidence:Provider"] = "AzureBlob", ["Evidence:ConnectionString"] = UnreachableStorage(), ["Evidence:Container"] = "down",
        });
        var sha = EvidenceTests.Sha(Capture);

        var put = await EvidenceTests.PutAsync(await app.RightsHolderAsync("apc"), sha, Capture);
        var problem = await put.AssertProblemAsync(503);
        Assert.Contains("evidence storage is unavailable", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), put.Headers.RetryAfter?.Delta);

        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM evidence"));

        // A capture recorded before the storage went down: reading its bytes is 503 too.
        await connection.ExecuteAsync("""
            INSERT INTO evidence (sha256, size, media_type, stored_at, stored_by)
            VALUES (@Sha, @Size, 'text/html', '2026-11-28T09:00:00.0000000Z', 'key_before')
            """, new { Sha = sha, Size = Capture.Length });
        var get = await app.Admin().GetAsync($"/v1/evidence/{sha}");
        await get.AssertProblemAsync(503);
        Assert.Equal(TimeSpan.FromSeconds(5), get.Headers.RetryAfter?.Delta);
    }
}
