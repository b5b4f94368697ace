using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Delisting.Benchmarks;

public enum Verdict { Info, Pass, Fail, Error }

/// <summary>
/// One line of the table. <see cref="Reference"/> is the ceiling or goal it is set beside (as printed);
/// <see cref="Ratio"/> is value ÷ ceiling (or value ÷ goal), <see cref="Target"/> what the ratio must reach.
/// </summary>
public sealed record Line(string Metric, double? Value, string Unit, string Reference, double? Ratio, string Target, Verdict Verdict,
    string? Note = null);

public sealed record MachineInfo(int Cores, string CpuModel, string Os, string Runtime, DateTimeOffset Date)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount, ReadCpuModel(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow);

    /// <summary>The 1-minute load average (/proc/loadavg): how busy the machine was with other work too.</summary>
    public static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path)) return null;
        return double.Parse(File.ReadAllText(path).Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string ReadCpuModel()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }
}

public sealed class Report(MachineInfo machine, string mode, string command)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly List<Line> _lines = [];
    private readonly List<string> _notes = [];
    private readonly List<(string Moment, double Load)> _loads = [];

    public IReadOnlyList<Line> Lines => _lines;
    public bool HasErrors => _lines.Any(l => l.Verdict == Verdict.Error);

    public void Add(Line line)
    {
        _lines.Add(line);
        var verdict = line.Verdict is Verdict.Pass or Verdict.Fail ? $"  [{Label(line.Verdict)} {line.Target}]" : "";
        Console.WriteLine($"  {line.Metric}: {Format(line.Value, line.Unit)}{verdict}{(line.Note is null ? "" : $"  ({line.Note})")}");
    }

    public void Info(string metric, double value, string unit, string reference = "", string? note = null) =>
        Add(new Line(metric, value, unit, reference, null, "", Verdict.Info, note));

    /// <summary>A figure read as a ratio to a reference, with no goal of its own.</summary>
    public void Ratio(string metric, double value, string unit, string reference, double ratio, string? note = null) =>
        Add(new Line(metric, value, unit, reference, ratio, "", Verdict.Info, note));

    /// <summary>A goal "value ÷ reference ≥ minimum".</summary>
    public void AtLeast(string metric, double value, string unit, string reference, double ratio, double minimum) =>
        Add(new Line(metric, value, unit, reference, ratio, $"≥ {minimum.ToString("0.00", Invariant)}",
            ratio >= minimum ? Verdict.Pass : Verdict.Fail));

    /// <summary>A goal "value ÷ reference ≤ maximum".</summary>
    public void AtMost(string metric, double value, string unit, string reference, double ratio, double maximum) =>
        Add(new Line(metric, value, unit, reference, ratio, $"≤ {maximum.ToString("0.00", Invariant)}",
            ratio <= maximum ? Verdict.Pass : Verdict.Fail));

    public void Error(string metric, string message) =>
        Add(new Line(metric, null, "", "", null, "", Verdict.Error, message));

    public void Note(string note) => _notes.Add(note);

    /// <summary>Records the load average at a moment of the run; a busy machine makes every figure lower and noisier.</summary>
    public void SampleLoad(string moment)
    {
        if (MachineInfo.LoadAverage() is double load) _loads.Add((moment, load));
    }

    public string Table()
    {
        var rows = _lines.Select(l => new[]
        {
            l.Metric,
            Format(l.Value, l.Unit),
            l.Reference,
            l.Ratio is null ? "" : l.Target.Length == 0 ? l.Ratio.Value.ToString("0.00", Invariant)
                : $"{l.Ratio.Value.ToString("0.00", Invariant)} ({l.Target})",
            l.Verdict == Verdict.Error ? "ERROR: " + Shorten(l.Note) : Label(l.Verdict),
        }).ToList();
        var header = new[] { "metric", "value", "ceiling / goal", "ratio", "result" };
        var widths = Enumerable.Range(0, header.Length)
            .Select(i => Math.Min(i == 4 ? 200 : 80, rows.Select(r => r[i].Length).Append(header[i].Length).Max()))
            .ToArray();

        var text = new StringBuilder();
        text.AppendLine($"Delisting API benchmark — {mode}");
        text.AppendLine($"machine: {machine.Cores} cores, {machine.CpuModel}; {machine.Os}; {machine.Runtime}");
        text.AppendLine($"date:    {machine.Date.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant)}");
        text.AppendLine($"command: {command}");
        if (_loads.Count > 0)
        {
            text.AppendLine($"load average (1 min): {string.Join(", ", _loads.Select(l => $"{l.Moment} {l.Load.ToString("0.0", Invariant)}"))}");
            if (_loads.Max(l => l.Load) > machine.Cores)
            {
                text.AppendLine($"WARNING: other processes kept the {machine.Cores} cores busy during the run: figures are low and noisy.");
            }
        }
        text.AppendLine();
        text.AppendLine(Row(header, widths));
        text.AppendLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in rows) text.AppendLine(Row(row, widths));
        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes) text.AppendLine("* " + note);
        }
        return text.ToString();
    }

    public async Task WriteJsonAsync(string path)
    {
        var document = new
        {
            mode,
            command,
            machine = new { cores = machine.Cores, cpuModel = machine.CpuModel, os = machine.Os, runtime = machine.Runtime, date = machine.Date },
            loadAverage = _loads.Select(l => new { moment = l.Moment, load = l.Load }),
            lines = _lines.Select(l => new
            {
                metric = l.Metric,
                value = l.Value is double v && double.IsFinite(v) ? v : (double?)null,
                unit = l.Unit,
                reference = l.Reference,
                ratio = l.Ratio is double r && double.IsFinite(r) ? r : (double?)null,
                target = l.Target,
                result = Label(l.Verdict),
                note = l.Note,
            }),
            notes = _notes,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i])));

    /// <summary>The first line of an error, at most 160 characters: the whole message is printed as it happens.</summary>
    private static string Shorten(string? message)
    {
        var line = (message ?? "").Split('\n')[0];
        return line.Length <= 160 ? line : line[..157] + "...";
    }

    private static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Fail => "FAIL",
        Verdict.Error => "ERROR",
        _ => "info",
    };

    public static string Format(double? value, string unit)
    {
        if (value is not double v) return "—";
        var number = unit switch
        {
            "ms" => v.ToString(v < 10 ? "0.00" : "0.0", Invariant),
            "MiB" => v.ToString("0", Invariant),
            _ => v >= 100 ? v.ToString("#,0", Invariant) : v.ToString("0.0", Invariant),
        };
        return unit.Length == 0 ? number : $"{number} {unit}";
    }
}
