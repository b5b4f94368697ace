using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Delisting.Benchmarks;

/// <summary>A process this program started: its output is drained (kept for error messages), and it is killed on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    /// <summary>
    /// Set for every process whose steady state is measured (the ceilings' server and every service under test), so
    /// that both sides of a ratio reach it the same way and soon. The runtime promotes a method to optimized code only
    /// after 100 ms without new methods being compiled, and a server under load keeps compiling for seconds: a fresh
    /// service ran the status read at 11,000–16,000 req/s for its first 5 s of load and at 34,000–39,000 from the 7th,
    /// and with this setting at 37,000–38,000 from the 3rd second on (wrk, 1 s windows, 2026-12-03). The optimized code
    /// is the same; only the time it takes to arrive changes.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SteadyJit = new Dictionary<string, string>
    {
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
    };

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null)
        {
            foreach (var (key, value) in environment) info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {fileName}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to its end; throws with the tail of its output when it fails.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        using var child = Start(fileName, arguments, workingDirectory);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await child._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.\n{child.OutputTail()}");
        }
        if (child._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {child._process.ExitCode}.\n{child.OutputTail()}");
        }
    }

    /// <summary>Polls a URL until it answers 2xx, the process dies or the timeout passes.</summary>
    public async Task WaitForHttpAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        string last = "no answer";
        var ready = await Sampling.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {_process.ExitCode} before {url} answered.\n{OutputTail()}");
            }
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return true;
                last = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException exception) { last = exception.Message; }
            catch (TaskCanceledException) { last = "timeout"; }
            return false;
        }, timeout, TimeSpan.FromMilliseconds(100));
        if (ready) return;
        throw new TimeoutException($"{url} did not answer 2xx within {timeout.TotalSeconds:0} s (last: {last}).\n{OutputTail()}");
    }

    /// <summary>Peak resident set size (VmHWM in /proc/PID/status), in MiB; null where /proc is not there.</summary>
    public double? PeakResidentMegabytes()
    {
        var path = $"/proc/{_process.Id}/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kilobytes / 1024.0;
        }
        return null;
    }

    /// <summary>Resident set size now (VmRSS in /proc/PID/status), in MiB; null where /proc is not there.</summary>
    public double? ResidentMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        catch (IOException) { }
        return null;
    }

    /// <summary>
    /// CPU time the process has used so far (utime + stime in /proc/PID/stat, in clock ticks of 10 ms); null where
    /// /proc is not there or the process has ended.
    /// </summary>
    public TimeSpan? CpuTime()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (IOException) { return null; }
    }

    public string OutputTail()
    {
        lock (_output) return string.Join('\n', _output);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines) _output.Dequeue();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    /// <summary>A TCP port on 127.0.0.1 that nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
