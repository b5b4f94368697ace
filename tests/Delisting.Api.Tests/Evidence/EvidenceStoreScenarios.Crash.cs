using System.Diagnostics;
using System.Net;
using Delisting.Api.Tests.Infrastructure;
using Delisting.Api.Tests.Providers;

namespace Delisting.Api.Tests.Evidence;

public abstract partial class EvidenceStoreScenarios<TStore>
{
    /// <summary>
    /// The service as a child process killed with SIGKILL while a 50 MiB upload is half in: the store had part of it written
    /// aside, and after a restart nothing reads as stored; the same upload sent again is stored and reads back whole.
    /// </summary>
    [ProviderFact]
    public async Task A_service_killed_during_a_50_MiB_upload_keeps_nothing_of_it_and_the_upload_sent_again_is_stored()
    {
        var capture = Bytes(50 * MiB, seed: 50);
        var sha = EvidenceTests.Sha(capture);
        var settings = store.Settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-crash-{Guid.NewGuid():N}.db"), settings);
        await service.StartAsync();

        var content = new InterruptedContent(capture, stopAt: 25 * MiB);
        var upload = service.Client(ServiceProcess.AdminKey).PutAsync($"/v1/evidence/{sha}", content);
        await content.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var waited = Stopwatch.StartNew();
        while (await store.StagedBytesAsync(sha) < 8 * MiB)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The service wrote nothing of the upload aside within 30 s.");
            await Task.Delay(50);
        }
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
