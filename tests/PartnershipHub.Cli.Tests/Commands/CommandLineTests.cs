using PartnershipHub.Domain.Sharing;
using Contract = PartnershipHub.Contracts.Common.V1;

namespace PartnershipHub.Cli.Tests.Commands;

/// <summary>
/// The built phub as a new user meets it, with no hub needed: help for every command, the nearest commands for a
/// mistyped one, and one-line errors for the mistakes people make.
/// </summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Every_command_and_group_of_commands_answers_help_with_its_own_usage()
    {
        var usage = await Phub.Run(null, "--help");
        var help = new CommandHelp(usage.Output);
        var commands = help.Commands.ToList();
        Assert.Contains("private-fostering visit", commands);
        Assert.Contains("adoption match", commands);
        Assert.Contains("health", commands);
        Assert.True(commands.Count > 60, $"only {commands.Count} commands in the usage");

        var groups = commands.Select(c => c.Split(' ')[0]).Distinct();
        foreach (var words in commands.Concat(groups).Distinct())
        {
            var run = await Phub.Run(null, [.. words.Split(' '), "--help"]);
            Assert.True(run.ExitCode == 0, $"phub {words} --help: {run.ExitCode} {run.Error}");
            Assert.StartsWith("phub " + words.Split(' ')[0], run.Output, StringComparison.Ordinal);
            Assert.Contains(words.Split(' ')[^1], run.Output, StringComparison.Ordinal); // board actions overdue: "list|overdue"
            Assert.DoesNotContain("Calls take the hub's address", run.Output, StringComparison.Ordinal); // its own usage, not all of it
        }
    }

    [Fact]
    public void Phub_takes_each_purpose_by_the_word_the_audit_trail_records()
    {
        var purposes = Enum.GetValues<AccessPurpose>().Where(p => p != AccessPurpose.None).ToList();
        Assert.Equal(Enum.GetValues<Contract.AccessPurpose>().Length - 1, purposes.Count);
        foreach (var purpose in purposes)
        {
            Assert.Equal(purpose.ToString(), Arguments.Parse<Contract.AccessPurpose>("purpose", purpose.Name()).ToString());
            Assert.Equal(purpose.Name(), Arguments.Kebab(Arguments.Parse<Contract.AccessPurpose>("purpose", purpose.Name()).ToString()));
        }
    }

    [Theory]
    [InlineData("chidren list", "phub children list")]
    [InlineData("private-fostring visit", "phub private-fostering visit")]
    [InlineData("datasets tabel", "phub datasets table")]
    public async Task A_mistyped_command_suggests_the_nearest(string typed, string suggested)
    {
        var run = await Phub.Run(null, typed.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Did you mean: {suggested}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_json_a_hub_without_http_and_an_unknown_role_or_borough_are_one_line_errors()
    {
        var json = await Phub.Run("x.y.z", "care", "save", "--child", "abc", "--json", "{\"referral\": ");
        var hub = await Phub.Run("x.y.z", "children", "list", "E09000033", "--hub", "127.0.0.1:5080");
        var role = await Phub.Run(null, "token", "--org", "E09000033", "--role", "mash-practicioner", "--data-folder", "tests/data");
        var borough = await Phub.Run(null, "token", "--org", "E09999999", "--role", "social-worker", "--data-folder", "tests/data");

        foreach (var (run, says) in new[]
        {
            (json, "--json is not a care record in JSON"), (hub, "--hub (or PHUB_HUB) must be an address starting http:// or https://"),
            (role, "Unknown role 'mash-practicioner'. Roles: mash-practitioner,"), (borough, "Unknown organisation 'E09999999'"),
        })
        {
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith(says, run.Error, StringComparison.Ordinal);
            Assert.Equal(2, run.Error.Trim().Split('\n').Length); // the error, and where to find the usage
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_option_phub_does_not_know_is_refused_before_any_call_naming_the_commands_own()
    {
        // No hub listens on port 1: a call made would end in "No hub answered", not in a usage error.
        var run = await Phub.Run("x.y.z", "children", "register", "--borough", "E09000033", "--given-name", "A", "--family-name", "B",
            "--date-of-birth", "2015-03-01", "--hub", "http://127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("phub has no option --date-of-birth. The options of 'phub children register': --borough, --given-name, --family-name, --dob", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purposes_are_spelt_the_same_in_the_usage_and_in_the_error()
    {
        var run = await Phub.Run("x.y.z", "children", "get", "abc", "--purpose", "section47x");

        Assert.Contains("section-47", run.Error, StringComparison.Ordinal);
        Assert.Contains("section-47", (await Phub.Run(null, "children", "get", "--help")).Output, StringComparison.Ordinal);
    }
}
