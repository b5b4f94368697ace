using System.Text.Json;
using System.Text.Json.Serialization;
using Delisting.Api.Withdrawals;
using Delisting.Api.Http;

namespace Delisting.Api.Withdrawals;

/// <summary>
/// Serialization code generated at build time for the answers that carry tens of thousands of items (a withdrawal
/// answers with every item of up to 10,000 URLs). The reflection-based serializer walks each item's properties through
/// its general converters; the generated writer writes each property directly. The options are those the
/// API configures (web defaults, strict numbers, nulls written, instants in UTC), so the generated writer is used only
/// while they agree: <see cref="AddTo"/> puts it first in the API's resolver chain, other types stay with reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, Converters = [typeof(UtcInstantConverter)])]
[JsonSerializable(typeof(WithdrawalResult))]
public sealed partial class LargeAnswers : JsonSerializerContext
{
    public static void AddTo(JsonSerializerOptions options) => options.TypeInfoResolverChain.Insert(0, Default);
}

/// <summary>
/// A read-only list whose items are made from the source's as they are read: an answer of tens of thousands of items
/// is written without first holding every item of it at once beside its source.
/// </summary>
public sealed class Projection<TSource, T>(IReadOnlyList<TSource> source, Func<TSource, T> map) : IReadOnlyList<T>
{
    public T this[int index] => map(source[index]);

    public int Count => source.Count;

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var item in source) yield return map(item);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
