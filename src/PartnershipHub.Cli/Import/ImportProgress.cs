using System.Diagnostics;
using System.Globalization;

namespace PartnershipHub.Cli.Import;

/// <summary>
/// The import's progress on standard error: a bar redrawn in place on a terminal, otherwise one plain line per
/// acknowledged batch (for logs and for programs reading the output).
/// </summary>
public sealed class ImportProgress(TextWriter error, bool terminal, int total, int alreadyDone)
{
    private const int BarWidth = 30;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly int resumed = alreadyDone;
    private int sent = alreadyDone;
    private int acknowledged = alreadyDone;

    /// <summary>Counts records sent.</summary>
    public void Sent(int records)
    {
        sent += records;
        if (terminal)
        {
            Draw();
        }
    }

    /// <summary>Counts records acknowledged by the hub and shows the progress.</summary>
    public void Acknowledged(int records)
    {
        acknowledged += records;
        if (terminal)
        {
            Draw();
        }
        else
        {
            error.WriteLine($"import: {acknowledged} of {total} records acknowledged ({sent} sent), {Rate()} records/s");
        }
    }

    /// <summary>Ends the bar's line on a terminal.</summary>
    public void Finish()
    {
        if (terminal)
        {
            error.WriteLine();
        }
    }

    private void Draw()
    {
        var filled = total == 0 ? BarWidth : acknowledged * BarWidth / total;
        error.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {acknowledged}/{total} acknowledged, {sent} sent, {Rate()} records/s ");
    }

    private string Rate()
    {
        var seconds = clock.Elapsed.TotalSeconds;
        return seconds < 0.001 ? "0" : ((acknowledged - resumed) / seconds).ToString("0", CultureInfo.InvariantCulture);
    }
}
