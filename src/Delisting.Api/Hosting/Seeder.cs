using System.Text.Json;
using Delisting.Api.Http;
using Delisting.Api.Keys;
using Delisting.Api.Organisations;
using Delisting.Api.ProtectedHosts;
using Delisting.Api.Rulings;
using FluentValidation;
using Delisting.Api.Auth;
using Delisting.Api.Engines;

namespace Delisting.Api.Hosting;

/// <summary>
/// Loads the reference data in seeds/ at every start: inserts what is missing and never overwrites
/// a row that exists, so a restart neither duplicates nor undoes what an admin changed.
/// </summary>
public sealed class Seeder(
    EnginesStore engines,
    OrganisationsStore organisations,
    RulingsStore rulings,
    KeysStore keys,
    ProtectedHostsStore protectedHosts,
    TimeProvider time,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<Seeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var folder = configuration["Seeds:Path"] ?? Path.Combine(AppContext.BaseDirectory, "seeds");
        var now = time.GetUtcNow();

        foreach (var engine in Read<EngineContract>(folder, "engines.json"))
        {
            await engines.InsertIfAbsentAsync(engine, cancellationToken);
        }
        foreach (var organisation in Read<OrganisationContract>(folder, "organisations.json"))
        {
            await organisations.InsertAsync(organisation, now, cancellationToken);
        }
        var validator = new CreateRulingValidator();
        foreach (var seed in Read<CreateRulingRequest>(folder, "rulings.json"))
        {
            var result = await validator.ValidateAsync(seed, cancellationToken);
            if (!result.IsValid)
            {
                throw new InvalidOperationException($"Seed ruling '{seed.Id}' is invalid: " +
                    $"{string.Join("; ", result.Errors.Select(e => e.ErrorMessage))}");
            }
            if (await rulings.InsertAsync(Ruling.From(seed), now, cancellationToken))
            {
                logger.LogInformation("Seeded ruling {RulingId}", seed.Id);
            }
        }

        await SeedProtectedHostsAsync(folder, now, cancellationToken);
        await rulings.FillObligationsAsync(cancellationToken);
        if (environment.IsDevelopment())
        {
            await SeedDemoKeysAsync(now, cancellationToken);
            await new Demo.DevelopmentSeeds(rulings, time, logger).SeedAsync(cancellationToken);
        }
    }

    /// <summary>The seeded protected hosts: each inserted once, never over an admin's entry, never again once an admin deleted it.</summary>
    private async Task SeedProtectedHostsAsync(string folder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var validator = new ProtectedHostBodyValidator();
        var entries = new List<Domain.ProtectedHost>();
        foreach (var seed in Read<ProtectedHostBody>(folder, "protected-hosts.json"))
        {
            var result = await validator.ValidateAsync(seed, cancellationToken);
            if (!result.IsValid)
            {
                throw new InvalidOperationException($"Seed protected host '{seed.Host}' is invalid: " +
                    $"{string.Join("; ", result.Errors.Select(e => e.ErrorMessage))}");
            }
            Domain.HostNames.TryNormalizeDomain(seed.Host, allowPublicSuffix: true, out var host, out _);
            entries.Add(new Domain.ProtectedHost(Ids.New("ph"), host, seed.IncludeSubdomains ?? true, seed.Reason!.Trim()));
        }
        if (entries.Count > 0 && await protectedHosts.SeedAsync(entries, now, cancellationToken) is > 0 and var seeded)
        {
            logger.LogInformation("Seeded {Count} protected hosts", seeded);
        }
    }

    /// <summary>Development only: fixed keys so the Swagger UI can be tried at once. Never in Production.</summary>
    private async Task SeedDemoKeysAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var demo in configuration.GetSection("Auth:DemoKeys").GetChildren())
        {
            var secret = demo["Key"];
            if (string.IsNullOrWhiteSpace(secret)) continue;
            var request = new CreateApiKeyRequest(demo["Role"], demo["Organisation"], demo["Engine"], $"demo: {demo.Key}");
            await keys.EnsureAsync($"key_demo_{demo.Key}", ApiKeyAuthenticationHandler.Hash(secret), request, now, cancellationToken);
        }
    }

    private static IReadOnlyList<T> Read<T>(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path)) return [];
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<T>>(stream, Json) ?? [];
    }
}
