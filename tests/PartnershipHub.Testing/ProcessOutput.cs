using System.Diagnostics;
using System.Text;

namespace PartnershipHub.Testing;

/// <summary>
/// Starts the child processes a test needs (Azurite, Redis, the hub) and keeps everything they print, across
/// restarts, for failure messages and for checks on what a process logged.
/// </summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder text = new();

    /// <summary>Starts <paramref name="start"/> with its output captured here.</summary>
    public Process Start(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Ends a process and its children at once (SIGKILL) and waits until it has gone.</summary>
    public static async Task KillAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Everything captured so far.</summary>
    public override string ToString()
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
