using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Delisting.Api.Tests.Providers;

namespace Delisting.Api.Tests.Evidence;

/// <summary>
/// An evidence store the store scenarios run on, empty and of the test's own: the settings that point the service at it,
/// and a look at it from outside the service. Constructing one does no work (the framework makes one to ask for
/// <see cref="SkipReason"/>); <see cref="InitializeAsync"/> prepares it.
/// </summary>
public abstract class EvidenceStoreUnderTest : IScenarioBackend, IAsyncDisposable
{
    public virtual string? SkipReason => null;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The service's settings for this store, as configuration keys (Evidence:…).</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The hashes under which the store holds something that reads as stored.</summary>
    public abstract Task<IReadOnlyList<string>> StoredAsync();

    /// <summary>How many bytes of uploads of the hash have reached the store, written aside or stored.</summary>
    public abstract Task<long> ReceivedBytesAsync(string sha256);

    public abstract ValueTask DisposeAsync();
}

/// <summary>The default store: a folder of the test's own, removed afterwards.</summary>
public sealed class FolderStore : EvidenceStoreUnderTest
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"delisting-store-{Guid.NewGuid():N}");

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Evidence:Path"] = root };

    public override Task<IReadOnlyList<string>> StoredAsync() => Task.FromResult<IReadOnlyList<string>>(!Directory.Exists(root) ? [] :
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(Path.GetDirectoryName(file)) != "tmp")
            .Select(file => Path.GetFileName(file)).ToList());

    public override Task<long> ReceivedBytesAsync(string sha256) => Task.FromResult(!Directory.Exists(root) ? 0L :
        new DirectoryInfo(root).EnumerateFiles($"{sha256}*", SearchOption.AllDirectories).Sum(file => file.Length));

    public override ValueTask DisposeAsync()
    {
        try { Directory.Delete(root, recursive: true); } catch (DirectoryNotFoundException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A container of the test's own in the Azurite that DELISTING_AZURITE names (a connection string; .ci/run starts Azurite and
/// sets it), deleted afterwards. Without it the scenarios report as skipped, except in CI (CI=true), where they fail.
/// </summary>
public sealed class AzuriteStore : EvidenceStoreUnderTest
{
    public const string Variable = "DELISTING_AZURITE";

    private readonly string name = $"evidence-{Guid.NewGuid():N}";
    private BlobContainerClient? container;

    private static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public override string? SkipReason => ConnectionString is null && Environment.GetEnvironmentVariable("CI") != "true"
        ? $"{Variable} is not set; no Azurite on this machine (README: Evidence, to run it; CI=true makes this a failure)"
        : null;

    public override async Task InitializeAsync()
    {
        container = new BlobContainerClient(ConnectionString ?? throw new InvalidOperationException(
            $"{Variable} is not set: in CI, .ci/run must start Azurite and pass its connection string."), name);
        await container.CreateAsync();
    }

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Evidence:Provider"] = "AzureBlob", ["Evidence:ConnectionString"] = ConnectionString!, ["Evidence:Container"] = name,
    };

    public override async Task<IReadOnlyList<string>> StoredAsync()
    {
        var names = new List<string>();
        await foreach (var blob in container!.GetBlobsAsync()) names.Add(blob.Name);
        return names;
    }

    public override async Task<long> ReceivedBytesAsync(string sha256)
    {
        try
        {
            var list = (await container!.GetBlockBlobClient(sha256).GetBlockListAsync(BlockListTypes.All)).Value;
            return list.CommittedBlocks.Concat(list.UncommittedBlocks).Sum(block => block.SizeLong);
        }
        catch (RequestFailedException failure) when (failure.Status == 404)
        {
            return 0;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (container is not null) await container.DeleteIfExistsAsync();
    }
}
