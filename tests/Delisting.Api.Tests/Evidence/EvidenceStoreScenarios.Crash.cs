using System.Net;
using Delisting.Api.Tests.Infrastructure;
using Delisting.Api.Tests.Providers;

namespace Delisting.Api.Tests.Evidence;

public abstract partial class EvidenceStoreScenarios<TStore>
{
    /// <summary>
    /// The service as a child process (Kestrel on a real socket). A 50 MiB upload whose client gives up once the store holds
    /// part of it, then one during which the service is killed with SIGKILL: neither leaves anything that reads as stored,
    /// after a restart too; the same upload sent again is stored and reads back whole.
    /// </summary>
    [ProviderFact]
    public async Task An_upload_cut_short_by_its_client_or_by_killing_the_service_keeps_nothing_and_sent_again_is_stored()
    {
        var capture = Bytes(50 * MiB, seed: 50);
        var sha = EvidenceTests.Sha(capture);
        var settings = store.Settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-crash-{Guid.NewGuid():N}.db"), settings);
        await service.StartAsync();

        var givenUp = new InterruptedContent(capture, stopAt: 25 * MiB);
        var abandoned = service.Client(ServiceProcess.AdminKey).PutAsync($"/v1/evidence/{sha}", givenUp);
        await ReceivedAsync(givenUp, sha, 8 * MiB);
        givenUp.Resume.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => abandoned);
        Assert.Empty(await store.StoredAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client(ServiceProcess.AdminKey).GetAsync($"/v1/evidence/{sha}")).StatusCode);

        var content = new InterruptedContent(capture, stopAt: 45 * MiB);
        var upload = service.Client(ServiceProcess.AdminKey).PutAsync($"/v1/evidence/{sha}", content);
        var before = await store.ReceivedBytesAsync(sha);
        await ReceivedAsync(content, sha, before + 8 * MiB);
        service.Kill();
        content.Resume.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => upload);

        await service.StartAsync();
        Assert.Empty(await store.StoredAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client(ServiceProcess.AdminKey).GetAsync($"/v1/evidence/{sha}")).StatusCode);
        var retry = await service.Client(ServiceProcess.AdminKey).PutAsync($"/v1/evidence/{sha}", new ByteArrayContent(capture));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal([sha], await store.StoredAsync());
        var read = await service.Client(ServiceProcess.AdminKey).GetByteArrayAsync($"/v1/evidence/{sha}");
        Assert.Equal(sha, EvidenceTests.Sha(read));
    }

    /// <summary>Once the client has sent its part: until the store holds at least <paramref name="bytes"/> of it.</summary>
    private async Task ReceivedAsync(InterruptedContent content, string sha256, long bytes)
    {
        await content.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Probe.UntilAsync(async () => await store.ReceivedBytesAsync(sha256) >= bytes,
            $"The store received less than {bytes} bytes of the upload within 30 s.", TimeSpan.FromSeconds(30));
    }
}

/// <summary>
/// A body that declares its whole length but sends only the first <c>stopAt</c> bytes (in 1 MiB pieces), then signals
/// <see cref="Stopped"/>, waits for <see cref="Resume"/> and fails: a client that gives up mid-upload.
/// </summary>
internal sealed class InterruptedContent(byte[] bytes, int stopAt) : HttpContent
{
    private const int Piece = 1024 * 1024;

    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        for (var sent = 0; sent < stopAt; sent += Piece) await stream.WriteAsync(bytes.AsMemory(sent, Math.Min(Piece, stopAt - sent)));
        await stream.FlushAsync();
        Stopped.TrySetResult();
        await Resume.Task;
        throw new IOException("The client gave up mid-upload.");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}
