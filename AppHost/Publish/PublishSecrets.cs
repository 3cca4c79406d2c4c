using System.Security.Cryptography;

namespace Simulator.AppHost.Publish;

/// <summary>
/// The topology's secrets, generated at publish time into the publish folder's secrets/ (a file
/// each, readable by the owner alone, git-ignored), never into the stack or the manifests: those
/// name them, Swarm and Kubernetes read them from these files when the stack is deployed or the
/// manifests applied. A second publish into the same folder keeps them, as the AppHost keeps its
/// generated parameters: the data in the volumes was made with them.
/// </summary>
public static class PublishSecrets
{
    public const string Folder = "secrets";

    public const string PostgresPassword = "postgres-password";
    public const string RedisPassword = "redis-password";
    public const string SessionSecret = "session-secret";
    public const string StorageAccessKey = "storage-access-key";
    public const string StorageSecretKey = "storage-secret-key";

    /// <summary>The proxy's TLS key (its certificate, public, is in config/).</summary>
    public const string ProxyKey = "proxy.key";

    /// <summary>What the app containers read (sails-env.sh), with the lengths the AppHost's parameters have.</summary>
    public static readonly IReadOnlyList<(string Name, int Length)> AppSecrets =
    [
        (PostgresPassword, 22), (RedisPassword, 22), (SessionSecret, 48), (StorageAccessKey, 20), (StorageSecretKey, 40),
    ];

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Generates each missing secret; the proxy's key comes with its certificate.</summary>
    public static void WriteMissing(string publishFolder, string proxyKeyPem)
    {
        var folder = Directory.CreateDirectory(Path.Combine(publishFolder, Folder));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var (name, length) in AppSecrets)
        {
            WriteOwnerOnly(Path.Combine(folder.FullName, name), RandomNumberGenerator.GetString(Alphabet, length), keep: true);
        }

        WriteOwnerOnly(Path.Combine(folder.FullName, ProxyKey), proxyKeyPem, keep: false);
    }

    /// <summary>The values, for a check that no other published file contains one.</summary>
    public static IEnumerable<string> Values(string publishFolder) =>
        Directory.EnumerateFiles(Path.Combine(publishFolder, Folder)).Select(File.ReadAllText);

    private static void WriteOwnerOnly(string path, string contents, bool keep)
    {
        if (keep && File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        using var writer = new StreamWriter(file);
        writer.Write(contents);
    }
}
