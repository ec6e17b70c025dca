using System.Text.RegularExpressions;

namespace PartnershipHub.Cli;

/// <summary>
/// The commands phub knows, read from its usage text (one place for both): each entry begins <c>phub WORDS</c> at
/// the usage's indent, and its more indented lines that follow belong to it. Gives the help of a command or of a
/// group of commands, and the nearest commands to one that is not known.
/// </summary>
public sealed partial class CommandHelp
{
    private readonly List<(string Command, string Text)> entries = [];
    private readonly HashSet<string> options;

    /// <summary>Reads the entries of <paramref name="usage"/>.</summary>
    public CommandHelp(string usage)
    {
        options = OptionName().Matches(usage).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var lines = usage.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var entry = Entry().Match(lines[i]);
            if (!entry.Success)
            {
                continue;
            }

            var indent = entry.Groups[1].Length;
            var text = new List<string> { lines[i].Trim() };
            while (i + 1 < lines.Count && lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent && !Entry().IsMatch(lines[i + 1]))
            {
                text.Add("    " + lines[++i].Trim());
            }

            var words = entry.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .TakeWhile(w => CommandWord().IsMatch(w)).ToList();
            foreach (var command in Expand(words))
            {
                entries.Add((command, string.Join(Environment.NewLine, text)));
            }
        }
    }

    /// <summary>Every command, e.g. <c>children list</c>.</summary>
    public IEnumerable<string> Commands => entries.Select(e => e.Command).Distinct();

    /// <summary>The longest known command that <paramref name="words"/> begin with, or null.</summary>
    public string? CommandOf(IReadOnlyList<string> words) =>
        Enumerable.Range(1, words.Count).Reverse().Select(n => string.Join(' ', words.Take(n))).FirstOrDefault(Commands.Contains);

    /// <summary>
    /// The help for the command or group of commands <paramref name="words"/> name (<c>children</c>, <c>children
    /// list</c>): the entries of every command it begins; null when it names none.
    /// </summary>
    public string? For(IReadOnlyList<string> words)
    {
        var named = CommandOf(words) ?? string.Join(' ', words);
        var texts = entries.Where(e => e.Command == named || e.Command.StartsWith(named + " ", StringComparison.Ordinal)).Select(e => e.Text).Distinct().ToList();
        return named.Length == 0 || texts.Count == 0 ? null : string.Join(Environment.NewLine, texts);
    }

    /// <summary>
    /// A usage error for the first <c>--option</c> in <paramref name="args"/> that the usage names nowhere (a mistyped
    /// <c>--date-of-birth</c> for <c>--dob</c> must not register a child without one), with the command's own options;
    /// null when every option is known.
    /// </summary>
    public string? UnknownOption(IReadOnlyList<string> args, IReadOnlyList<string> words)
    {
        var unknown = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a[2..]).FirstOrDefault(name => !options.Contains(name));
        if (unknown is null)
        {
            return null;
        }

        var own = For(words) is { } text ? OptionName().Matches(text).Select(m => "--" + m.Groups[1].Value).Distinct().ToList() : [];
        return own.Count == 0
            ? $"phub has no option --{unknown}."
            : $"phub has no option --{unknown}. The options of 'phub {CommandOf(words)}': {string.Join(", ", own)} (and --hub, --token, --json).";
    }

    /// <summary>What to say about words that name no command: the nearest commands, or the group's own.</summary>
    public string Unknown(IReadOnlyList<string> words)
    {
        var typed = string.Join(' ', words.Take(3));
        var nearest = Commands
            .Select(c => (Command: c, Distance: Distance(string.Join(' ', words.Take(c.Split(' ').Length)), c)))
            .Where(c => c.Distance <= Math.Max(2, c.Command.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Command, StringComparer.Ordinal)
            .Take(3).Select(c => "phub " + c.Command).ToList();
        if (nearest.Count == 0 && For(words.Take(1).ToList()) is not null)
        {
            nearest = [.. Commands.Where(c => c.StartsWith(words[0] + " ", StringComparison.Ordinal)).Select(c => "phub " + c)];
        }

        return nearest.Count == 0
            ? $"Unknown command 'phub {typed}'."
            : $"Unknown command 'phub {typed}'. Did you mean: {string.Join(", ", nearest)}?";
    }

    /// <summary><c>board actions list|overdue</c> is two commands.</summary>
    private static IEnumerable<string> Expand(List<string> words) =>
        words.Aggregate((IEnumerable<string>)[string.Empty], (prefixes, word) =>
            prefixes.SelectMany(p => word.Split('|').Select(w => p.Length == 0 ? w : p + " " + w)));

    /// <summary>The Levenshtein distance: letters added, removed or changed to turn one into the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9-])--([a-z][a-z0-9-]*)")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"^( +)phub (.*)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*(\|[a-z][a-z0-9-]*)*$")]
    private static partial Regex CommandWord();
}
