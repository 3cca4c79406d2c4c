using System.Reflection;

namespace Simulator.AppHost;

/// <summary>An image of the catalog: the upstream reference and its offline equivalent.</summary>
public sealed record ContainerImage(string Name, string? Upstream, string Offline, string? BuiltFrom);

/// <summary>
/// The simulator's container images, read from the one catalog (eng/images/catalog.txt, embedded in
/// this assembly) that eng/images.sh builds the offline set from and the tests read too.
/// </summary>
public static class ContainerImages
{
    private const string CatalogResource = "Simulator.ImageCatalog";

    public static IReadOnlyDictionary<string, ContainerImage> Catalog { get; } = Parse(ReadCatalog());

    public static ContainerImage Postgres => Catalog[nameof(Postgres)];

    public static ContainerImage Redis => Catalog[nameof(Redis)];

    public static ContainerImage Nginx => Catalog[nameof(Nginx)];

    /// <summary>The base image of the Sails app's Dockerfile (its BASE_IMAGE build argument).</summary>
    public static ContainerImage Node => Catalog[nameof(Node)];

    /// <summary>MinIO upstream; offline, an S3-compatible stand-in behind MinIO's contract.</summary>
    public static ContainerImage ObjectStore => Catalog[nameof(ObjectStore)];

    /// <summary>Rows of whitespace-separated columns (name, upstream, offline, built); '#' starts a comment, '-' is none.</summary>
    public static IReadOnlyDictionary<string, ContainerImage> Parse(string catalog) =>
        catalog.Split('\n')
            .Select(line => line.Split('#', 2)[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length > 0)
            .Select(columns => columns.Length == 4
                ? new ContainerImage(columns[0], OrNone(columns[1]), columns[2], OrNone(columns[3]))
                : throw new FormatException($"image catalog row '{string.Join(' ', columns)}' has {columns.Length} columns instead of 4"))
            .ToDictionary(image => image.Name, StringComparer.Ordinal);

    private static string? OrNone(string column) => column == "-" ? null : column;

    private static string ReadCatalog()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(CatalogResource)
            ?? throw new InvalidOperationException($"the image catalog is not embedded as {CatalogResource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
