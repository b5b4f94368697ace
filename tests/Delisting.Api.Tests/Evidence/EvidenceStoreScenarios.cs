using System.Net;
using System.Net.Http.Headers;
using Delisting.Api.Tests.Infrastructure;
using Delisting.Api.Tests.Providers;

namespace Delisting.Api.Tests.Evidence;

/// <summary>The store scenarios on the default store, a folder. Always run.</summary>
public sealed class FolderStoreScenarios : EvidenceStoreScenarios<FolderStore>;

/// <summary>The store scenarios on Azure Blob Storage, as Azurite emulates it: skipped locally without Azurite, failed in CI.</summary>
public sealed class AzuriteStoreScenarios : EvidenceStoreScenarios<AzuriteStore>;

/// <summary>
/// What every evidence store must do, written once and run through the real HTTP pipeline on each store: a sealed subclass
/// per store. Each test gets an empty store of its own and looks at it from outside the service as well as through the API.
/// Captures span several of the Azure store's blocks, so that staging, committing and ranged reads cross block edges.
/// </summary>
public abstract partial class EvidenceStoreScenarios<TStore> : IAsyncLifetime where TStore : EvidenceStoreUnderTest, new()
{
    protected const int MiB = 1024 * 1024;

    private readonly TStore store = new();

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => store.DisposeAsync().AsTask();

    private DelistingApp NewApp() => new(extraSettings: store.Settings.ToDictionary());

    [ProviderFact]
    public async Task A_capture_is_stored_once_and_read_back_whole_in_ranges_with_its_etag_and_media_type()
    {
        await using var app = NewApp();
        var apc = await app.RightsHolderAsync();
        var capture = Bytes(9 * MiB + 123, seed: 1);
        var sha = EvidenceTests.Sha(capture);
        var created = await EvidenceTests.PutAsync(apc, sha, capture, "image/png");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal(capture.Length, body.GetProperty("size").GetInt64());
        var again = await EvidenceTests.PutAsync(apc, sha, capture, "image/png");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(body.GetRawText(), (await again.ReadJsonAsync()).GetRawText());
        Assert.Equal([sha], await store.StoredAsync());

        var read = await apc.GetAsync($"/v1/evidence/{sha}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(sha, EvidenceTests.Sha(await read.Content.ReadAsByteArrayAsync()));
        Assert.Equal("image/png", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{sha}\"", read.Headers.ETag?.Tag);

        // Across the edge of the first 4 MiB block, and the last bytes.
        foreach (var (from, to) in new[] { (4L * MiB - 10, 4L * MiB + 9), (capture.Length - 5L, capture.Length - 1L) })
        {
            using var range = new HttpRequestMessage(HttpMethod.Get, $"/v1/evidence/{sha}");
            range.Headers.Range = new RangeHeaderValue(from, to);
            var partial = await apc.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(capture[(int)from..(int)(to + 1)], await partial.Content.ReadAsByteArrayAsync());
        }

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/evidence/{sha}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await apc.SendAsync(conditional)).StatusCode);
        var head = await apc.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/evidence/{sha}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(capture.Length, head.Content.Headers.ContentLength);
    }

    [ProviderFact]
    public async Task A_mismatching_or_empty_body_is_422_and_the_store_holds_nothing()
    {
        await using var app = NewApp();
        var apc = await app.RightsHolderAsync();
        var other = EvidenceTests.Sha("other bytes"u8.ToArray());
        // A body of one block (4 MiB, the Azure store's) that fails its hash never reaches the store, not even aside.
        await (await EvidenceTests.PutAsync(apc, other, Bytes(4 * MiB, seed: 5))).AssertProblemAsync(422);
        Assert.Equal(0, await store.ReceivedBytesAsync(other));
        var capture = Bytes(5 * MiB, seed: 2);
        var mismatch = await (await EvidenceTests.PutAsync(apc, other, capture)).AssertProblemAsync(422);
        Assert.Contains(EvidenceTests.Sha(capture), mismatch.GetProperty("errors").GetProperty("sha256")[0].GetString());
        await (await EvidenceTests.PutAsync(apc, EvidenceTests.Sha([]), [])).AssertProblemAsync(422);
        await (await app.Admin().GetAsync($"/v1/evidence/{other}")).AssertProblemAsync(404);
        Assert.Empty(await store.StoredAsync());
    }

    [ProviderFact]
    public async Task Uploads_of_the_same_bytes_at_once_all_succeed_and_store_them_once()
    {
        await using var app = NewApp();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 4; i++) clients.Add(await app.RightsHolderAsync(i % 2 == 0 ? "apc" : "fndf"));
        var stored = new List<string>();
        // One block (sent whole once checked) and several (staged, then committed).
        foreach (var capture in new[] { Bytes(64 * 1024, seed: 6), Bytes(6 * MiB, seed: 4) })
        {
            var sha = EvidenceTests.Sha(capture);
            var answers = await Task.WhenAll(clients.Select(client => EvidenceTests.PutAsync(client, sha, capture)));
            Assert.All(answers, answer => Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK,
                $"{(int)answer.StatusCode}: {answer.Content.ReadAsStringAsync().Result}"));
            Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.Created);
            stored.Add(sha);
            Assert.Equal(stored.Order(), (await store.StoredAsync()).Order());
            Assert.Equal(capture, await (await app.Admin().GetAsync($"/v1/evidence/{sha}")).Content.ReadAsByteArrayAsync());
        }
    }

    /// <summary>Bytes that do not compress and differ per seed, the same every run.</summary>
    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
