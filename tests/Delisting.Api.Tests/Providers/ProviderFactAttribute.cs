using Xunit.Abstractions;
using Xunit.Sdk;

namespace Delisting.Api.Tests.Providers;

/// <summary>
/// A scenario of a class written once over what it runs on (<see cref="ProviderScenarios{TProvider}"/> over databases,
/// <c>EvidenceStoreScenarios&lt;TStore&gt;</c> over evidence stores): it runs on each sealed class derived from it, and is
/// reported as skipped (not passed) where that class's <see cref="IScenarioBackend.SkipReason"/> is set.
/// </summary>
[XunitTestCaseDiscoverer("Delisting.Api.Tests.Providers.ProviderFactDiscoverer", "Delisting.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

public sealed class ProviderFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute) =>
        [new ProviderTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod)];
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
            if (type.IsGenericType && type.GetGenericArguments() is [var backend] && typeof(IScenarioBackend).IsAssignableFrom(backend))
            {
                return ((IScenarioBackend)Activator.CreateInstance(backend)!).SkipReason;
            }
        }
        throw new InvalidOperationException($"[ProviderFact] is for a class of scenarios over an IScenarioBackend, not {testClass.Name}.");
    }
}

/// <summary>What a class of [ProviderFact] scenarios runs on. Constructing one does no work: the framework makes one to ask.</summary>
public interface IScenarioBackend
{
    /// <summary>Why these scenarios cannot run on this machine, or null when they can.</summary>
    string? SkipReason { get; }
}
