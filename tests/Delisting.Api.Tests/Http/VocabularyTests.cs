using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Http;

/// <summary>
/// Every value the store can write is one a client can read: the CHECK constraints of the migrated schema list what
/// each vocabulary column may hold, and each such value must be in the enum of every document property that shows it.
/// A generated client (Kiota) reads a value missing from its enum as null without a word.
/// </summary>
public sealed partial class VocabularyTests
{
    // Each vocabulary column and the document properties (schema.property) that show its values.
    private static readonly Dictionary<string, string[]> Shown = new()
    {
        ["api_keys.role"] = ["ActorContract.role", "ApiKeyContract.role", "CreatedApiKeyContract.role", "CreateApiKeyRequest.role"],
        ["items.status"] = ["ItemContract.status", "EventContract.from", "EventContract.to"],
        ["items.reason_code"] = ["ItemContract.reasonCode", "EventContract.reasonCode", "EngineResponse.reasonCode"],
        ["events.type"] = ["EventContract.type"],
        ["ruling_events.type"] = ["RulingEventContract.type"],
        ["ruling_extensions.basis"] = ["ExtensionContract.basis", "ExtensionBody.basis"],
        ["mirror_reports.status"] = ["MirrorReportContract.status"],
        ["changes.feed"] = ["WebhookContract.feed", "CreateWebhookRequest.feed"],
        ["changes.type"] = ["FeedEvent.type"],
        ["lapse_warnings.feed"] = ["WebhookContract.feed", "CreateWebhookRequest.feed"],
        ["webhook_subscriptions.feed"] = ["WebhookContract.feed"],
        ["webhook_subscriptions.status"] = ["WebhookContract.status"],
        ["webhook_deliveries.status"] = ["DeliveryContract.status"],
    };

    // Stored values that no client reads as stored, and why.
    private static readonly HashSet<string> NeverShown =
    [
        "changes.type=items-created",           // one row per engine and request, expanded into item-created events when read
        "webhook_subscriptions.status=deleted", // a deleted subscription is never listed or read (404)
    ];

    [Fact]
    public async Task Every_value_the_store_can_write_is_in_the_documents_enums()
    {
        await using var app = new DelistingApp();
        var document = JsonDocument.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json")).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var vocabularies = await StoredVocabulariesAsync(app.DatabasePath);

        Assert.Empty(vocabularies.Keys.Except(Shown.Keys));
        Assert.Empty(Shown.Keys.Except(vocabularies.Keys));
        var missing = new List<string>();
        foreach (var (column, values) in vocabularies)
        {
            foreach (var shown in Shown[column])
            {
                var (schema, property) = (shown.Split('.')[0], shown.Split('.')[1]);
                var listed = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("enum")
                    .EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToHashSet();
                missing.AddRange(values.Where(v => !listed.Contains(v) && !NeverShown.Contains($"{column}={v}"))
                    .Select(v => $"{column}={v} not in {shown}"));
            }
        }
        Assert.Empty(missing);
    }

    /// <summary>A vocabulary's constants are all in its list: the list is what the document's enum shows.</summary>
    [Fact]
    public void Every_constant_of_a_vocabulary_is_in_its_list()
    {
        var vocabularies = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties().Select(p => p.GetCustomAttribute<Api.Http.VocabularyAttribute>())
                .Concat(t.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.GetCustomAttribute<Api.Http.VocabularyAttribute>())))
            .OfType<Api.Http.VocabularyAttribute>().Select(v => v.Owner).Distinct().ToList();
        Assert.NotEmpty(vocabularies);
        foreach (var owner in vocabularies)
        {
            var constants = owner.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && !f.Name.EndsWith("Sql", StringComparison.Ordinal))
                .Select(f => (string)f.GetRawConstantValue()!);
            var all = (IEnumerable<string>)(owner.GetField("All")?.GetValue(null) ?? owner.GetProperty("All")!.GetValue(null)!);
            Assert.Empty(constants.Except(all).Except(NotValues(owner)));
        }
    }

    /// <summary>Constants of a vocabulary class that name something else than its values: the causes of item moves, a policy.</summary>
    private static IEnumerable<string> NotValues(Type owner) =>
        owner == typeof(Api.Domain.ItemStatus) ? [Api.Domain.ItemStatus.LastClaimEnded, Api.Domain.ItemStatus.ClaimedAgain]
        : owner == typeof(Api.Http.Roles) ? [Api.Http.Roles.Subscriber] : [];

    /// <summary>Every `CHECK (column IN ('a', 'b'))` of the migrated schema, as "table.column" → values.</summary>
    private static async Task<Dictionary<string, string[]>> StoredVocabulariesAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        var tables = await connection.QueryAsync<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL");
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, sql) in tables)
        {
            foreach (Match check in CheckIn().Matches(sql))
            {
                result[$"{name}.{check.Groups[1].Value}"] = Quoted().Matches(check.Groups[2].Value).Select(m => m.Groups[1].Value).ToArray();
            }
        }
        return result;
    }

    [GeneratedRegex(@"CHECK \((\w+) IN \(([^)]*)\)\)")]
    private static partial Regex CheckIn();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}
