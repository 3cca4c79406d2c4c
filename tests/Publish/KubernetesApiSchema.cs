using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Simulator.Tests.Publish;

/// <summary>
/// The Kubernetes API's object schemas of one pinned version, offline: the OpenAPI v2 document of
/// Kubernetes v1.27.0 that eng/kubernetes-schema.sh takes from a Debian package. Validation is
/// strict, as `kubectl apply --validate=strict` is: a field the API does not define is an error.
/// </summary>
public sealed class KubernetesApiSchema
{
    public const string Version = "v1.27.0";

    private static readonly Lazy<KubernetesApiSchema> Shared = new(Load);

    private readonly JsonObject _definitions;
    private readonly Dictionary<(string ApiVersion, string Kind), string> _byKind;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private KubernetesApiSchema(JsonObject definitions)
    {
        _definitions = definitions;
        _byKind = definitions
            .SelectMany(d => (d.Value?["x-kubernetes-group-version-kind"]?.AsArray() ?? []).Select(gvk => (Definition: d.Key, Gvk: gvk!)))
            .GroupBy(x => (ApiVersion(x.Gvk["group"]!.GetValue<string>(), x.Gvk["version"]!.GetValue<string>()), x.Gvk["kind"]!.GetValue<string>()))
            .ToDictionary(g => g.Key, g => g.First().Definition);
    }

    public static KubernetesApiSchema Instance => Shared.Value;

    public static string DocumentPath => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "sails-simulator", "kubernetes-api", $"{Version}.swagger.json");

    /// <summary>The problems of one object (empty when it is valid), each with its place in the object.</summary>
    public IReadOnlyList<string> Problems(JsonNode manifest)
    {
        var apiVersion = manifest["apiVersion"]?.GetValue<string>() ?? "";
        var kind = manifest["kind"]?.GetValue<string>() ?? "";
        if (!_byKind.TryGetValue((apiVersion, kind), out var definition))
        {
            return [$"{apiVersion}/{kind}: not a kind of the Kubernetes {Version} API"];
        }

        var schema = _schemas.GetOrAdd(definition, Build);
        var result = schema.Evaluate(JsonSerializer.SerializeToElement(manifest), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{kind} {manifest["metadata"]?["name"]}: {d.InstanceLocation}: {e.Value}"))
                .Distinct()
                .ToList();
    }

    private JsonSchema Build(string definition)
    {
        var root = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$ref"] = $"#/definitions/{definition}",
            ["definitions"] = _definitions.DeepClone(),
        };
        return JsonSchema.Build(JsonSerializer.SerializeToElement(root), new BuildOptions(), new Uri($"urn:kubernetes-api:{Version}:{definition}"));
    }

    private static KubernetesApiSchema Load()
    {
        if (!File.Exists(DocumentPath))
        {
            throw new InvalidOperationException($"the Kubernetes {Version} API schemas are not at {DocumentPath}: run eng/kubernetes-schema.sh (eng/test.sh does)");
        }

        var definitions = JsonNode.Parse(File.ReadAllText(DocumentPath))!["definitions"]!.AsObject();
        foreach (var (_, node) in definitions)
        {
            // Strict: an object type's properties are all it may have.
            if (node is JsonObject { } type && type.ContainsKey("properties") && !type.ContainsKey("additionalProperties"))
            {
                type["additionalProperties"] = false;
            }
        }

        // OpenAPI v2 spells these "string" with a format; the API takes a number as well.
        definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = new JsonObject { ["type"] = new JsonArray("integer", "string") };
        definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = new JsonObject { ["type"] = new JsonArray("number", "string") };
        return new KubernetesApiSchema(definitions);
    }

    private static string ApiVersion(string group, string version) => group.Length == 0 ? version : $"{group}/{version}";
}
