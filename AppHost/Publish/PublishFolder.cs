using System.Reflection;
using Simulator.AppHost.Tls;

namespace Simulator.AppHost.Publish;

/// <summary>
/// The publish folder: the Swarm stack, the Kubernetes manifests and their kustomization, the files
/// both mount (config/), the generated secrets (secrets/). A marker file says the folder is the
/// product's own output; any other folder that exists and is not empty is refused.
/// </summary>
public static class PublishFolder
{
    public const string Marker = ".sails-simulator-publish";
    public const string ConfigFolder = "config";
    public const string NginxConfigFile = "nginx.conf";
    public const string ProxyCertificateFile = "proxy.crt";
    public const string SailsEnvFile = "sails-env.sh";
    public const string ToolsFile = "simulator.js";

    /// <summary>Null when the folder may be written, else why not (one line).</summary>
    public static string? RefusalFor(string folder)
    {
        if (File.Exists(folder))
        {
            return $"publish: {folder} is a file; give --out a folder (new, empty, or one publish wrote).";
        }

        return Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !File.Exists(Path.Combine(folder, Marker))
            ? $"publish: {folder} exists and is not a folder publish wrote (no {Marker} in it); give --out a new or empty folder."
            : null;
    }

    /// <summary>Writes (or rewrites) every file; secrets that exist are kept. The files written, relative to the folder.</summary>
    public static IReadOnlyList<string> Write(PublishedTopology topology, string folder)
    {
        var written = new List<string>();
        void Put(string relativePath, string contents)
        {
            var path = Path.Combine(folder, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, contents);
            written.Add(relativePath);
        }

        Directory.CreateDirectory(folder);
        Put(Marker, "Written by the Sails production simulator's publish (dotnet run --project AppHost -- publish --out <folder>).\n" +
                    "Publishing again rewrites every file here but keeps secrets/.\n");
        Put(".gitignore", $"# Generated secrets stay out of any repository this folder is put in.\n{PublishSecrets.Folder}/\n");

        var certificate = LocalCertificateAuthority.Prepare(topology.Options.Proxy.CertificateFolderOrDefault);
        Put(Path.Combine(ConfigFolder, ProxyCertificateFile), certificate.CertificatePem);
        Put(Path.Combine(ConfigFolder, NginxConfigFile), NginxConfiguration.Render(
            topology.App.Options.UploadMaxBytes, topology.Options.Proxy.HttpsPort, $"{PublishedTopology.Replicas}:{SailsAppExtensions.AppPort}"));
        Put(Path.Combine(ConfigFolder, SailsEnvFile), Embedded(SailsEnvFile));
        Put(Path.Combine(ConfigFolder, ToolsFile), Embedded(ToolsFile));
        PublishSecrets.WriteMissing(folder, certificate.KeyPem);

        Put(SwarmStack.FileName, SwarmStack.Render(topology));
        var manifests = KubernetesManifests.Render(topology);
        foreach (var (name, manifest) in manifests)
        {
            Put(Path.Combine(KubernetesManifests.Folder, name), manifest);
        }

        Put(KubernetesManifests.KustomizationFile, KubernetesManifests.Kustomization(manifests.Keys));
        return written;
    }

    /// <summary>The scripts of AppHost/Publish/Files, embedded in the AppHost.</summary>
    private static string Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Simulator.Publish.{name}")
            ?? throw new InvalidOperationException($"the AppHost has no embedded {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
