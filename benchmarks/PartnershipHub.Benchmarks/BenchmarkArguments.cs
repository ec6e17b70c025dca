using System.Globalization;

namespace PartnershipHub.Benchmarks;

/// <summary>A benchmark's <c>--name value</c> options; each benchmark reads the ones it knows, with defaults.</summary>
public sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> values;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    private BenchmarkArguments(Dictionary<string, string> values) => this.values = values;

    /// <summary>Reads <c>--name value</c> pairs.</summary>
    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value' pairs, found '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new BenchmarkArguments(values);
    }

    /// <summary>A positive whole number, or <paramref name="fallback"/> when the option is not given.</summary>
    public int PositiveInt(string name, int fallback)
    {
        read.Add(name);
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a positive whole number, not '{text}'.");
    }

    /// <summary>One of <paramref name="choices"/> (the first is the default when the option is not given).</summary>
    public string Choice(string name, params string[] choices)
    {
        read.Add(name);
        if (!values.TryGetValue(name, out var text))
        {
            return choices[0];
        }

        return choices.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new ArgumentException($"--{name} must be one of {string.Join(", ", choices)}, not '{text}'.");
    }

    /// <summary>The option's text, or null when it is not given.</summary>
    public string? Text(string name)
    {
        read.Add(name);
        return values.GetValueOrDefault(name);
    }

    /// <summary>Refuses options the benchmark did not read, so a typo does not silently run with a default.</summary>
    public void RejectUnknown()
    {
        var unknown = values.Keys.Where(k => !read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}.");
        }
    }
}
