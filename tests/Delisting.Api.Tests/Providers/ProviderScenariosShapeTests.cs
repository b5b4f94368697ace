using System.Reflection;

namespace Delisting.Api.Tests.Providers;

/// <summary>A scenario without its attribute runs on no provider and passes unseen: every public method of the scenarios is one.</summary>
public sealed class ProviderScenariosShapeTests
{
    [Theory]
    [InlineData(typeof(ProviderScenarios<>), "Withdrawals_relisting_and_resubmission_are_stored")]
    [InlineData(typeof(Evidence.EvidenceStoreScenarios<>), "A_mismatching_or_empty_body_is_422_and_the_store_holds_nothing")]
    public void Every_public_scenario_method_is_a_provider_fact(Type scenarios, string oneOfThem)
    {
        var lifecycle = typeof(Xunit.IAsyncLifetime).GetMethods().Select(m => m.Name).ToHashSet();
        var unmarked = scenarios
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !lifecycle.Contains(m.Name) && m.GetCustomAttribute<ProviderFactAttribute>() is null)
            .Select(m => m.Name)
            .ToList();
        Assert.Empty(unmarked);
        Assert.Contains(scenarios.GetMethods(), m => m.Name == oneOfThem);
    }
}
