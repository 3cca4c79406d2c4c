using System.Text.RegularExpressions;

namespace Simulator.AppHost;

/// <summary>
/// References to the topology in the values of Simulator:App:Environment:NAME, for apps that read
/// their own variable names: <c>DATABASE_URL={database.url}</c>, <c>S3_URL={storage.endpoint}/{storage.bucket}</c>.
/// A reference is <c>{group.name}</c> (letters and digits on both sides of one dot); any other text,
/// JSON braces included, stays as written. Values are resolved when a container starts, through
/// Aspire's reference expressions, so generated passwords never pass through a file.
/// </summary>
public static partial class TopologyReferences
{
    /// <summary>Every reference, with what it resolves to, for the README and the refusal line.</summary>
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["database.url"] = "the app database's postgres:// URL, user and password included",
        ["redis.url"] = "Redis' redis:// URL, password included",
        ["storage.endpoint"] = "the object store's S3 endpoint, e.g. http://storage.dev.internal:9000",
        ["storage.bucket"] = "the bucket (Simulator:App:Bucket)",
        ["storage.accessKey"] = "the object store's access key id",
        ["storage.secretKey"] = "the object store's secret access key",
        ["proxy.origin"] = "the app's public https origin, e.g. https://localhost:8443",
    };

    /// <summary>The references in a value that the topology does not have, in order of appearance.</summary>
    public static IEnumerable<string> Unknown(string value) =>
        Reference().Matches(value).Select(m => m.Groups[1].Value).Where(name => !Known.ContainsKey(name)).Distinct();

    /// <summary>The refusal for an unknown reference: the setting, the reference, the known ones.</summary>
    public static string Problem(string variable, string reference) =>
        $"Simulator:App:Environment:{variable} refers to {{{reference}}}, which the topology does not have; known references: {string.Join(", ", Known.Keys.Select(k => $"{{{k}}}"))}.";

    /// <summary>The value as an expression: literal text kept, each reference replaced by the topology's value.</summary>
    public static ReferenceExpression Resolve(string value, SailsBackends backends, ProxyOptions proxy)
    {
        var builder = new ReferenceExpressionBuilder();
        var position = 0;
        foreach (Match reference in Reference().Matches(value))
        {
            builder.AppendLiteral(value[position..reference.Index]);
            builder.AppendFormatted(ValueOf(reference.Groups[1].Value, backends, proxy));
            position = reference.Index + reference.Length;
        }

        builder.AppendLiteral(value[position..]);
        return builder.Build();
    }

    /// <summary>Whether a value holds any reference; one without is set as written.</summary>
    public static bool HasReferences(string value) => Reference().IsMatch(value);

    private static ReferenceExpression ValueOf(string reference, SailsBackends backends, ProxyOptions proxy)
    {
        var storage = backends.Storage.Resource;
        return reference switch
        {
            "database.url" => backends.Database.Resource.UriExpression,
            "redis.url" => backends.Redis.Resource.UriExpression,
            "storage.endpoint" => storage.EndpointExpression,
            "storage.bucket" => ReferenceExpression.Create($"{storage.BucketName ?? ""}"),
            "storage.accessKey" => ReferenceExpression.Create($"{storage.AccessKeyParameter}"),
            "storage.secretKey" => ReferenceExpression.Create($"{storage.SecretKeyParameter}"),
            "proxy.origin" => ReferenceExpression.Create($"{proxy.PublicOrigin}"),
            // The settings were checked before the topology was built (SimulatorOptionsValidator).
            _ => throw new InvalidOperationException($"unknown topology reference {{{reference}}}"),
        };
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*\.[A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Reference();
}
