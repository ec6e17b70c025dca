namespace PartnershipHub.Cli;

/// <summary>A command line split into positional words and <c>--name value</c> options.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);

    /// <summary>
    /// Parses the words after the command's name. An option followed by nothing or by another option is a flag, with
    /// the value <c>yes</c>: <c>--json</c>, <c>--help</c>, <c>--dry-run</c>.
    /// </summary>
    public Arguments(IEnumerable<string> words)
    {
        var all = words.ToList();
        for (var i = 0; i < all.Count; i++)
        {
            if (!all[i].StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(all[i]);
                continue;
            }

            var name = all[i][2..];
            var isFlag = i + 1 == all.Count || all[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = [];
            }

            values.Add(isFlag ? Yes : all[++i]);
        }
    }

    /// <summary>The value of a flag given without one.</summary>
    public const string Yes = "yes";

    /// <summary>The words that are not options, in order.</summary>
    public List<string> Positional { get; } = [];

    /// <summary>The option's last value, or <paramref name="fallback"/>.</summary>
    public string? Option(string name, string? fallback = null) =>
        options.TryGetValue(name, out var values) ? values[^1] : fallback;

    /// <summary>Whether a yes/no option or flag is set: <c>--json</c>, <c>--siblings yes</c>.</summary>
    public bool Flag(string name) => Option(name) == Yes;

    /// <summary>Every value given for a repeatable option.</summary>
    public IReadOnlyList<string> All(string name) => options.TryGetValue(name, out var values) ? values : [];

    /// <summary>
    /// A protobuf enumeration value from a kebab-case option, e.g. <c>--rating green</c> or <c>--decision
    /// strategy-discussion</c>; a usage error lists the accepted words.
    /// </summary>
    public T Choice<T>(string name)
        where T : struct, Enum => Parse<T>(name, Required(name));

    /// <summary>A protobuf enumeration value from one kebab-case word given for <c>--<paramref name="name"/></c>.</summary>
    public static T Parse<T>(string name, string word)
        where T : struct, Enum
    {
        var accepted = Enum.GetNames<T>().Where(n => n != "Unspecified").ToList();
        var match = accepted.FirstOrDefault(n => string.Equals(n, word.Replace("-", string.Empty), StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? Enum.Parse<T>(match)
            : throw new UsageException($"--{name} must be one of: {string.Join(", ", accepted.Select(Kebab))}.");
    }

    /// <summary>The first positional word, or a usage error saying what it should be.</summary>
    public string FirstWord(string what) => Positional.FirstOrDefault() ?? throw new UsageException($"Name the {what}.");

    /// <summary>The option's value, or a usage error naming it.</summary>
    public string Required(string name) => Option(name) ?? throw new UsageException($"--{name} is required.");

    /// <summary>A required whole number, e.g. <c>--places 2</c>.</summary>
    public int Number(string name) =>
        int.TryParse(Required(name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UsageException($"--{name} must be a whole number.");

    /// <summary>A PascalCase name in kebab case, as options write it: <c>SentDeputy</c> is <c>sent-deputy</c>.</summary>
    /// <remarks>A number is a word of its own: <c>Section47</c> is <c>section-47</c>, as the usage writes it.</remarks>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) =>
            i > 0 && (char.IsUpper(c) || (char.IsDigit(c) && !char.IsDigit(pascal[i - 1]))) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>The command line was wrong; the message says how.</summary>
public sealed class UsageException(string message) : Exception(message);
