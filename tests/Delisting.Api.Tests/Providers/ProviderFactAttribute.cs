using Xunit.Abstractions;
using Xunit.Sdk;

namespace Delisting.Api.Tests.Providers;

/// <summary>
/// A scenario of <see cref="ProviderScenarios{TProvider}"/>: it runs on each provider class derived from it, and is
/// reported as skipped (not passed) on a provider whose <see cref="ScenarioProvider.SkipReason"/> is set.
/// </summary>
[XunitTestCaseDiscoverer("Delisting.Api.Tests.Providers.ProviderFactDiscoverer", "Delisting.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

public sealed class ProviderFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new ProviderTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

/// <summary>A test case whose skip reason is its provider's: the test class names the provider as a type argument.</summary>
public sealed class ProviderTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ProviderTestCase() { }

    public ProviderTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod) { }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        SkipReasonOf(TestMethod.TestClass.Class.ToRuntimeType()) ?? base.GetSkipReason(factAttribute);

    internal static string? SkipReasonOf(Type testClass)
    {
        for (var type = testClass; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ProviderScenarios<>))
            {
                return ((ScenarioProvider)Activator.CreateInstance(type.GetGenericArguments()[0])!).SkipReason;
            }
        }
        throw new InvalidOperationException($"[ProviderFact] is for the scenarios of a ProviderScenarios<TProvider> class, not {testClass.Name}.");
    }
}
