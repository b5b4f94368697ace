using Delisting.Api.Engines;

namespace Delisting.Api.Tests.Engines;

/// <summary>The plain pass that lets a valid batch skip the per-response rules never lets an invalid one through.</summary>
public sealed class ResponsesBatchValidatorTests
{
    private const string Item = "itm_0123456789abcdef0123456789abcdef_google";

    private static EngineResponse Valid(int i = 0) => new($"itm_{i:x32}_google", "delisted", null, "G-1");

    public static TheoryData<string, EngineResponse?> Broken => new()
    {
        { "null response", null },
        { "no item id", Valid() with { ItemId = null } },
        { "blank item id", Valid() with { ItemId = "  " } },
        { "item id too long", Valid() with { ItemId = new string('a', 101) } },
        { "no status", Valid() with { Status = null } },
        { "empty status", Valid() with { Status = "" } },
        { "status not reportable", Valid() with { Status = "pending" } },
        { "unknown status", Valid() with { Status = "gone" } },
        { "rejected without code", Valid() with { Status = "rejected" } },
        { "rejected with unknown code", Valid() with { Status = "rejected", ReasonCode = "nope" } },
        { "rejected as other without reason", Valid() with { Status = "rejected", ReasonCode = "other", Reason = " " } },
        { "code without rejected", Valid() with { ReasonCode = "not-found" } },
        { "reason too long", Valid() with { Reason = new string('r', 1001) } },
        { "reason with a control character", Valid() with { Reason = "a\u0007b" } },
        { "reference too long", Valid() with { EngineReference = new string('g', 201) } },
        { "reference with a line break", Valid() with { EngineReference = "G\n1" } },
        { "reference with a zero-width space", Valid() with { EngineReference = "G\u200B1" } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_batch_breaking_one_rule_goes_through_the_rules_and_is_refused(string why, EngineResponse? broken)
    {
        var batch = new ResponsesBatch([Valid(1), broken, Valid(2)]);
        Assert.False(ResponsesBatchValidator.KeepsEveryRule(batch), why);
        Assert.False(new ResponsesBatchValidator().Validate(batch).IsValid, why);
    }

    [Fact]
    public void Batches_of_the_wrong_size_or_with_a_repeated_item_are_refused()
    {
        var validator = new ResponsesBatchValidator();
        foreach (var batch in new[]
        {
            new ResponsesBatch(null), new ResponsesBatch([]),
            new ResponsesBatch(Enumerable.Range(0, 1001).Select(i => (EngineResponse?)Valid(i)).ToList()),
            new ResponsesBatch([Valid(1), Valid(1)]),
        })
        {
            Assert.False(ResponsesBatchValidator.KeepsEveryRule(batch));
            Assert.False(validator.Validate(batch).IsValid);
        }
    }

    [Fact]
    public void A_valid_batch_keeps_every_rule_in_the_plain_pass_and_in_the_rules()
    {
        var batch = new ResponsesBatch(
        [
            Valid(1), new EngineResponse(Item, "rejected", "Lawful:\tsee the decision\nof 3 May", "G-2", "other"),
            new EngineResponse($"itm_{3:x32}_google", "acknowledged", null, null), Valid(4) with { Status = "relisted" },
            ..Enumerable.Range(10, 996).Select(i => (EngineResponse?)Valid(i)),
        ]);
        Assert.Equal(1000, batch.Responses!.Count);
        Assert.True(ResponsesBatchValidator.KeepsEveryRule(batch));
        Assert.True(new ResponsesBatchValidator().Validate(batch).IsValid);
    }
}
