using System.Text.RegularExpressions;

namespace Delisting.Api.Tests.Architecture;

/// <summary>
/// The service's source keeps the house's shape: files a reader can hold in mind (at most 250 lines), lines that fit a
/// review screen (at most 150 characters), and route tables that say only what is the endpoint's own (what every
/// endpoint of a kind shares is derived once: 400 for parameters and bodies, 404 for paths, 413 and 415 for bodies, 422
/// for validated bodies).
/// </summary>
public sealed partial class SourceShapeTests
{
    private const int MaxLines = 250, MaxLineLength = 150;

    private static IEnumerable<string> SourceFiles()
    {
        var source = Path.Combine(RepositoryRoot(), "src");
        return Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"));
    }

    [Fact]
    public void No_source_file_is_over_250_lines()
    {
        var tooLong = SourceFiles().Select(f => (File: f, Lines: File.ReadLines(f).Count())).Where(f => f.Lines > MaxLines)
            .Select(f => $"{Path.GetRelativePath(RepositoryRoot(), f.File)}: {f.Lines} lines").ToList();
        Assert.True(tooLong.Count == 0, "Split these files:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void No_source_line_is_over_150_characters()
    {
        var tooWide = SourceFiles()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, line.Length)))
            .Where(l => l.Length > MaxLineLength)
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot(), l.File)}:{l.Number}: {l.Length} characters").ToList();
        Assert.True(tooWide.Count == 0, "Wrap these lines:\n" + string.Join("\n", tooWide));
    }

    [Fact]
    public void Route_tables_do_not_repeat_the_responses_that_are_derived()
    {
        var repeated = SourceFiles().Where(f => f.EndsWith("Api.cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, Line: line)))
            .Where(l => DerivedResponse().IsMatch(l.Line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot(), l.File)}:{l.Number}: {l.Line.Trim()}").ToList();
        Assert.True(repeated.Count == 0, "OpenApi/OpenApiResponses.cs derives these; drop them:\n" + string.Join("\n", repeated));
    }

    [GeneratedRegex(@"\.ProducesProblem\((400|404|413|415)\)")]
    private static partial Regex DerivedResponse();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Delisting.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Delisting.sln not found above the test's folder.");
    }
}
