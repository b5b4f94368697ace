using System.Text.RegularExpressions;

namespace Delisting.Api.Tests.Architecture;

/// <summary>
/// The plan of docs/architecture.md, kept by the code: a folder of the API may use only the folders its row names.
/// A use is a <c>using Delisting.Api.X;</c> or a qualified name (<c>Domain.ItemStatus</c>, <c>Delisting.Api.X.Y</c>).
/// </summary>
public sealed partial class FolderArrowsTests
{
    private static readonly string[] Kernel = ["Domain", "Data", "Http"];
    private static readonly string[] CrossCutting = ["Auth", "Admission", "Telemetry", "Changes"];

    /// <summary>What each folder may use besides itself. Features may also use the kernel and the cross-cutting rooms.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Domain"] = [],
        ["Data"] = [],
        ["Http"] = ["Data"],
        ["Changes"] = ["Domain", "Data", "Http"],
        ["Auth"] = ["Data", "Http", "Telemetry"],
        ["Admission"] = ["Http", "Auth", "Telemetry"],
        ["Telemetry"] = ["Domain", "Data", "Http"],
        // The document describes the features, so it sits above them (features use only Http's attributes).
        ["OpenApi"] = ["Domain", "Http", "Auth", "Admission", "Requests", "Demo"],
        // Features, leaves first: an arrow to another feature is a named store or contract of it, never its SQL.
        ["Organisations"] = Feature(),
        ["Rulings"] = Feature(),
        ["Engines"] = Feature(),
        ["Keys"] = Feature("Engines", "Organisations"),
        ["Evidence"] = Feature(),
        ["ProtectedHosts"] = Feature("Withdrawals"),
        ["Mirrors"] = Feature("Rulings", "Evidence"),
        ["Extensions"] = Feature("Rulings", "Mirrors"),
        ["Withdrawals"] = Feature("Rulings", "Engines"),
        ["Requests"] = Feature("Rulings", "Engines", "Withdrawals", "Evidence"),
        ["Compliance"] = Feature("Rulings", "Engines", "Withdrawals"),
        ["Feeds"] = Feature("Rulings", "Engines", "Extensions", "Mirrors", "Organisations"),
        ["Webhooks"] = Feature("Feeds"),
        ["Transparency"] = Feature("Rulings", "Engines", "Organisations", "Compliance"),
        ["Demo"] = Feature("Rulings", "Engines", "Mirrors", "Extensions", "Requests", "Webhooks", "Evidence", "ProtectedHosts"),
    };

    private static string[] Feature(params string[] features) => [.. Kernel, .. CrossCutting, .. features];

    [Fact]
    public void Every_folder_uses_only_what_the_plan_allows()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Delisting.Api");
        var folders = Directory.GetDirectories(source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj" or "Properties"))
            .ToHashSet()!;
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Length < 2 || parts[0] is "bin" or "obj" or "Hosting") continue;
            var folder = parts[0];
            if (!Allowed.TryGetValue(folder, out var allowed))
            {
                violations.Add($"{folder}/ has no row in the plan (FolderArrowsTests.Allowed and docs/architecture.md)");
                continue;
            }
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                if (line.TrimStart().StartsWith("namespace ", StringComparison.Ordinal)) continue;
                foreach (var used in Uses(line, folders!).Where(u => u != folder && !allowed.Contains(u)))
                {
                    violations.Add($"{relative}:{number} uses {used}/");
                }
            }
        }
        Assert.True(violations.Count == 0, "Arrows the plan does not allow:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void The_plan_has_no_cycle()
    {
        var state = new Dictionary<string, int>();
        bool Visit(string node, List<string> path)
        {
            if (state.GetValueOrDefault(node) == 2) return false;
            if (state.GetValueOrDefault(node) == 1) { path.Add(node); return true; }
            state[node] = 1;
            path.Add(node);
            foreach (var next in Allowed.GetValueOrDefault(node, []))
            {
                if (Visit(next, path)) return true;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return false;
        }
        foreach (var node in Allowed.Keys)
        {
            var path = new List<string>();
            Assert.False(Visit(node, path), "A cycle in the plan: " + string.Join(" → ", path));
        }
    }

    [Theory]
    [InlineData("using Delisting.Api.Feeds;", "Feeds")]
    [InlineData("    var x = Domain.ItemStatus.Pending;", "Domain")]
    [InlineData("    Delisting.Api.Rulings.Ruling ruling,", "Rulings")]
    [InlineData("    [property: Http.Vocabulary(typeof(X))] string Type,", "Http")]
    public void A_use_is_seen_in_a_using_or_a_qualified_name(string line, string folder)
    {
        Assert.Contains(folder, Uses(line, new HashSet<string> { "Feeds", "Domain", "Rulings", "Http" }));
    }

    [Fact]
    public void A_member_access_on_a_local_is_not_a_use()
    {
        Assert.Empty(Uses("    var host = site.Domain.Length; // Data.", new HashSet<string> { "Domain", "Data" }));
    }

    private static IEnumerable<string> Uses(string line, ISet<string> folders)
    {
        var code = line.Split("//")[0];
        foreach (Match match in QualifiedName().Matches(code))
        {
            var name = match.Groups["folder"].Value;
            if (folders.Contains(name)) yield return name;
        }
    }

    [GeneratedRegex(@"(?:using\s+Delisting\.Api\.|Delisting\.Api\.|(?<![\w.]))(?<folder>[A-Z][A-Za-z]+)(?=[.;])")]
    private static partial Regex QualifiedName();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Delisting.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Delisting.sln not found above the test's folder.");
    }
}
