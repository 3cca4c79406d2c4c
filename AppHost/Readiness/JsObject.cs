using System.Text.RegularExpressions;

namespace Simulator.AppHost.Readiness;

/// <summary>
/// An object literal's top-level properties, each kept as its source text. Values that are not
/// literals (calls, variables, process.env) stay text: the rules report them as not checked.
/// </summary>
public sealed partial class JsObject
{
    private readonly Dictionary<string, JsValue> _properties;

    private JsObject(Dictionary<string, JsValue> properties, bool hasSpread)
    {
        _properties = properties;
        HasSpread = hasSpread;
    }

    /// <summary>True when `...other` contributes properties this text does not show.</summary>
    public bool HasSpread { get; }

    /// <summary>Parses the literal that starts at <paramref name="open"/> (a '{'); null when unbalanced.</summary>
    public static JsObject? Parse(string js, int open = 0)
    {
        var close = JsText.MatchingBracket(js, open);
        if (close < 0)
        {
            return null;
        }

        var properties = new Dictionary<string, JsValue>(StringComparer.Ordinal);
        var hasSpread = false;
        foreach (var segment in JsText.SplitTopLevel(js[(open + 1)..close]))
        {
            if (segment.TrimStart().StartsWith("...", StringComparison.Ordinal))
            {
                hasSpread = true;
            }
            else if (Property().Match(segment) is { Success: true } property)
            {
                var key = property.Groups["quoted"].Success ? property.Groups["quoted"].Value : property.Groups["name"].Value;
                properties[key] = new JsValue(property.Groups["value"].Value.Trim());
            }
            else if (Method().Match(segment) is { Success: true } method)
            {
                properties[method.Groups["name"].Value] = new JsValue(segment.Trim());
            }
        }

        return new JsObject(properties, hasSpread);
    }

    public bool TryGet(string key, out JsValue value) => _properties.TryGetValue(key, out value);

    [GeneratedRegex("""^\s*(?:(['"])(?<quoted>[^'"]*)\1|(?<name>[A-Za-z_$][\w$]*))\s*:(?<value>.*)$""", RegexOptions.Singleline)]
    private static partial Regex Property();

    [GeneratedRegex("""^\s*(?:async\s+)?(?<name>[A-Za-z_$][\w$]*)\s*\(""")]
    private static partial Regex Method();
}

/// <summary>A property's value as source text, with what can be read from it without running it.</summary>
public readonly record struct JsValue(string Text)
{
    public JsObject? AsObject => Text.StartsWith('{') ? JsObject.Parse(Text) : null;

    /// <summary>The string when the value is a plain string literal.</summary>
    public string? AsString =>
        Text.Length >= 2 && Text[0] is '\'' or '"' or '`' && Text[^1] == Text[0]
        && !Text[1..^1].Contains(Text[0]) && !Text.Contains("${", StringComparison.Ordinal)
            ? Text[1..^1]
            : null;

    public bool? AsBoolean => Text switch { "true" => true, "false" => false, _ => null };

    public bool IsArray => Text.StartsWith('[') && Text.EndsWith(']');

    /// <summary>Whether the value is a literal that can be judged as written (string, boolean, number, null, array, object).</summary>
    public bool IsLiteral => AsString is not null || AsBoolean is not null || IsArray || Text.StartsWith('{')
        || Text is "null" or "undefined" || double.TryParse(Text, out _);
}
