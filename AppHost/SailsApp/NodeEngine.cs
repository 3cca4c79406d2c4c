using System.Text.RegularExpressions;

namespace Simulator.AppHost;

/// <summary>
/// The app's package.json `engines.node` against the Node of the image it is built on: whether any
/// release of that major satisfies the range, read as npm's semver reads ranges (||, hyphen ranges,
/// ^, ~, comparators, x-ranges).
/// </summary>
public static partial class NodeEngine
{
    /// <summary>
    /// A warning naming the mismatch, or null when the image's Node major satisfies the range (or the
    /// app asks for none). A range not understood, or an image whose tag names no major, is said too.
    /// </summary>
    public static string? Mismatch(string? range, string nodeImage)
    {
        if (range is null)
        {
            return null;
        }

        var major = MajorOf(nodeImage);
        if (major is null)
        {
            return $"package.json asks for Node '{range}' (engines.node); the Node of Simulator:Images:Node={nodeImage} is not known from its tag, so this is not checked.";
        }

        return AllowsMajor(range, major.Value) switch
        {
            true => null,
            false => $"package.json asks for Node '{range}' (engines.node), but the image set's Node is {major} ({nodeImage}): the app is built and run on Node {major}. " +
                     "Give Simulator:Images:Node an image of a Node the range allows, or widen the range.",
            null => $"package.json asks for Node '{range}' (engines.node), a range the simulator does not read; the app is built on Node {major} ({nodeImage}), unchecked.",
        };
    }

    /// <summary>The Node major an image's tag names: node:24-slim, sailsim-offline/node:24, node:20.11.1 → 24, 24, 20.</summary>
    public static int? MajorOf(string image)
    {
        // A digest (name@sha256:…) names no version.
        var tag = !image.Contains('@') && image[(image.LastIndexOf('/') + 1)..].Split(':') is [_, var t] ? t : null;
        return tag is not null && LeadingNumber().Match(tag) is { Success: true } m ? int.Parse(m.Value) : null;
    }

    /// <summary>Whether some release of the major satisfies the range; null when the range is not understood.</summary>
    public static bool? AllowsMajor(string range, int major)
    {
        var wanted = new Interval(Version.Of(major, 0, 0), Version.Of(major + 1, 0, 0));
        var any = false;
        foreach (var set in range.Split("||"))
        {
            if (Intersect(set.Trim()) is not { } allowed)
            {
                return null;
            }

            any |= allowed.Overlaps(wanted);
        }

        return any;
    }

    /// <summary>The versions one comparator set allows, as [Low, High) on <see cref="Version"/>; null when not understood.</summary>
    private static Interval? Intersect(string set)
    {
        var hyphen = HyphenRange().Match(set);
        if (hyphen.Success)
        {
            return Partial.Parse(hyphen.Groups[1].Value) is { } from && Partial.Parse(hyphen.Groups[2].Value) is { } to
                ? new Interval(from.Lowest, to.AfterHighest)
                : null;
        }

        var allowed = Interval.All;
        foreach (var comparator in ComparatorToken().Matches(set).Select(m => m.Value.Replace(" ", "")).Where(c => c.Length > 0))
        {
            if (Comparator(comparator) is not { } one)
            {
                return null;
            }

            allowed = allowed.Intersect(one);
        }

        return allowed;
    }

    private static Interval? Comparator(string comparator)
    {
        var op = OperatorPrefix().Match(comparator).Value;
        if (Partial.Parse(comparator[op.Length..]) is not { } v)
        {
            return null;
        }

        if (v.Any)
        {
            return Interval.All;
        }

        return op switch
        {
            "^" => new Interval(v.Lowest, v.Major > 0 || v.Minor is null ? Version.Of(v.Major + 1, 0, 0)
                : v.Minor > 0 || v.Patch is null ? Version.Of(0, v.Minor.Value + 1, 0) : Version.Of(0, 0, v.Patch.Value + 1)),
            "~" => new Interval(v.Lowest, v.Minor is null ? Version.Of(v.Major + 1, 0, 0) : Version.Of(v.Major, v.Minor.Value + 1, 0)),
            ">=" => new Interval(v.Lowest, Version.Max),
            ">" => new Interval(v.AfterHighest, Version.Max),
            "<" => new Interval(Version.Min, v.Lowest),
            "<=" => new Interval(Version.Min, v.AfterHighest),
            _ => new Interval(v.Lowest, v.AfterHighest),
        };
    }

    /// <summary>A version as one comparable number; prerelease tags are not told apart (a major is asked about, not a release).</summary>
    private static class Version
    {
        public const long Min = 0;
        public const long Max = long.MaxValue;

        public static long Of(long major, long minor, long patch) => (major * 1_000_000 + minor) * 1_000_000 + patch;
    }

    private readonly record struct Interval(long Low, long High)
    {
        public static readonly Interval All = new(Version.Min, Version.Max);

        public Interval Intersect(Interval other) => new(Math.Max(Low, other.Low), Math.Min(High, other.High));

        public bool Overlaps(Interval other) => Math.Max(Low, other.Low) < Math.Min(High, other.High);
    }

    /// <summary>A version with parts left out or given as x/*: 20, 20.x, 20.11, 20.11.1; "*" and "" allow all.</summary>
    private sealed record Partial(int Major, int? Minor, int? Patch, bool Any)
    {
        public long Lowest => Any ? Version.Min : Version.Of(Major, Minor ?? 0, Patch ?? 0);

        public long AfterHighest => Any ? Version.Max
            : Minor is null ? Version.Of(Major + 1, 0, 0)
            : Patch is null ? Version.Of(Major, Minor.Value + 1, 0)
            : Version.Of(Major, Minor.Value, Patch.Value) + 1;

        public static Partial? Parse(string text)
        {
            var m = PartialVersion().Match(text.TrimStart('v', '='));
            if (!m.Success)
            {
                return null;
            }

            int? Part(int group) => m.Groups[group].Success && int.TryParse(m.Groups[group].Value, out var n) ? n : null;
            return Part(1) is { } major
                ? new Partial(major, Part(2), Part(2) is null ? null : Part(3), Any: false)
                : new Partial(0, null, null, Any: true);
        }
    }

    [GeneratedRegex(@"^\d+")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"^\s*(\S+)\s+-\s+(\S+)\s*$")]
    private static partial Regex HyphenRange();

    [GeneratedRegex(@"(?:[<>]=?|[=^~])?\s*[^\s<>=^~]*")]
    private static partial Regex ComparatorToken();

    [GeneratedRegex(@"^(?:[<>]=?|[=^~])?")]
    private static partial Regex OperatorPrefix();

    // Major, minor, patch: each a number or x/X/*; missing parts allowed; a prerelease or build suffix ignored.
    [GeneratedRegex(@"^(?:(\d+)|[xX*])?(?:\.(?:(\d+)|[xX*]))?(?:\.(?:(\d+)|[xX*]))?(?:[-+][0-9A-Za-z.-]*)?$")]
    private static partial Regex PartialVersion();
}
