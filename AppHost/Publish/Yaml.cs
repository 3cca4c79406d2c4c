using System.Text.Encodings.Web;
using System.Text.Json;

namespace Simulator.AppHost.Publish;

/// <summary>Scalars for the generated YAML: JSON strings, which YAML reads as double-quoted scalars.</summary>
public static class Yaml
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Quote(string value) => JsonSerializer.Serialize(value, Readable);

    /// <summary>A flow sequence of quoted strings: ["a", "b"].</summary>
    public static string List(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(Quote))}]";

    /// <summary>Compose files interpolate $VAR: a literal dollar is written $$.</summary>
    public static string ComposeQuote(string value) => Quote(value.Replace("$", "$$"));

    public static string ComposeList(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(ComposeQuote))}]";

    /// <summary>Indented "name: value" lines of an environment mapping.</summary>
    public static string Mapping(IEnumerable<(string Name, string Value)> entries, int indent, Func<string, string> quote) =>
        string.Join("\n", entries.Select(e => $"{new string(' ', indent)}{e.Name}: {quote(e.Value)}"));
}
