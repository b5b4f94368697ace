using Delisting.Api.Domain;

namespace Delisting.Api.Engines;

/// <summary>
/// What a batch of responses asks for, judged against the items as they stand: the unknown items and the
/// transitions not allowed (either refuses the whole batch), the changes to make, and how many are unchanged.
/// </summary>
public sealed class ResponsesPlan
{
    public Dictionary<int, string> Unknown { get; } = [];
    public Dictionary<int, string> Conflicts { get; } = [];
    public List<(EngineResponse Response, ItemRow Item, string To)> Changes { get; } = [];
    public int Unchanged { get; private set; }

    public static ResponsesPlan Of(string engine, IReadOnlyList<EngineResponse> responses, IReadOnlyDictionary<string, ItemRow> items)
    {
        var plan = new ResponsesPlan();
        var reported = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < responses.Count; i++)
        {
            var response = responses[i];
            if (!items.TryGetValue(response.ItemId!, out var item))
            {
                plan.Unknown[i] = $"No item '{response.ItemId}' is in the {engine} queue.";
            }
            else if (!reported.TryAdd(item.Id, i))
            {
                plan.Unknown[i] = $"Item '{response.ItemId}' is already reported in responses[{reported[item.Id]}].";
            }
            else if (item.Status == response.Status)
            {
                plan.Unchanged++;
            }
            else if (ItemStatus.Reported(item.Status, response.Status!) is { } to)
            {
                plan.Changes.Add((response, item, to));
            }
            else
            {
                plan.Conflicts[i] = $"Item '{item.Id}' is {item.Status}; it cannot become {response.Status}.";
            }
        }
        return plan;
    }

    /// <summary>The items of the batch as they now stand, built from what was read and what was applied: no second read.</summary>
    public IReadOnlyList<ItemRow> ItemsAfter(IReadOnlyList<EngineResponse> responses, IReadOnlyDictionary<string, ItemRow> before, DateTimeOffset now)
    {
        var applied = Changes.ToDictionary(c => c.Item.Id, c => (c.Response, c.To), StringComparer.Ordinal);
        return responses.Select(r =>
        {
            var row = before[r.ItemId!];
            return applied.TryGetValue(row.Id, out var change)
                ? row.After(change.To, change.Response.ReasonCode, change.Response.Reason, change.Response.EngineReference, now)
                : row;
        }).ToList();
    }
}
