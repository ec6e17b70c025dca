using PartnershipHub.Cli.Import;

namespace PartnershipHub.Cli.Tests.Import;

/// <summary>Reading CSV as SSDA903 software writes it, and the resume file.</summary>
public sealed class ImportFilesTests
{
    [Fact]
    public void Csv_fields_may_be_quoted_with_commas_quotes_and_line_breaks_and_each_row_keeps_the_line_it_starts_on()
    {
        var rows = CsvTable.Read("\uFEFFchild,Note\r\nA1,\"a, \"\"quoted\"\"\nnote\"\r\n\r\nA2,plain\n", "x.csv");

        Assert.Equal([2, 5], rows.Select(r => r.Line));
        Assert.Equal("a, \"quoted\"\nnote", rows[0].Text("NOTE"));
        Assert.Equal("A2", rows[1].Text("CHILD"));
    }

    [Fact]
    public void Progress_is_a_bar_redrawn_in_place_on_a_terminal_and_a_line_per_batch_otherwise()
    {
        using var terminal = new StringWriter();
        var bar = new ImportProgress(terminal, terminal: true, total: 4, alreadyDone: 0);
        bar.Sent(2);
        bar.Acknowledged(2);
        bar.Finish();
        Assert.StartsWith("\r[" + new string('.', 30) + "] 0/4 acknowledged, 2 sent, ", terminal.ToString());
        Assert.Contains("\r[" + new string('#', 15) + new string('.', 15) + "] 2/4 acknowledged, 2 sent, ", terminal.ToString());

        using var log = new StringWriter();
        var lines = new ImportProgress(log, terminal: false, total: 4, alreadyDone: 1);
        lines.Sent(3);
        lines.Acknowledged(3);
        Assert.Matches(@"^import: 4 of 4 records acknowledged \(4 sent\), \d+ records/s\r?\n$", log.ToString());
    }

    [Fact]
    public void The_resume_file_is_kept_for_the_same_file_contents_only()
    {
        var path = Path.Combine(Path.GetTempPath(), $"phub-state-{Guid.NewGuid():N}.json");
        var files = new Dictionary<string, string> { ["episodes.csv"] = "aa", ["header.csv"] = "bb" };
        var state = ImportState.Load(path, files);
        state.Outcomes["6/EP-A1-20250410@v"] = new StoredOutcome("Applied", []);
        state.Save(path);

        Assert.Single(ImportState.Load(path, files).Outcomes);
        Assert.Empty(ImportState.Load(path, new Dictionary<string, string> { ["episodes.csv"] = "changed", ["header.csv"] = "bb" }).Outcomes);
        File.WriteAllText(path, "{\"Files\": {\"epis");
        Assert.Empty(ImportState.Load(path, files).Outcomes);
        File.Delete(path);
    }
}
