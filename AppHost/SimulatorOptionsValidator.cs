using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Simulator.SampleAppClient;

namespace Simulator.AppHost;

/// <summary>
/// Checks the settings before anything starts; each problem is one line naming the
/// setting and the fix.
/// </summary>
public static class SimulatorOptionsValidator
{
    public const int MaxReplicas = 16;

    /// <summary>S3's largest single PUT; also keeps nginx's client_max_body_size far from overflowing.</summary>
    public const long MaxUploadBytes = 5L * 1024 * 1024 * 1024;

    public static IReadOnlyList<string> Validate(SimulatorOptions options, bool checkPort)
    {
        var problems = new List<string>();
        var appPath = options.App.Path;

        if (options.Replicas is < 1 or > MaxReplicas)
        {
            problems.Add($"Simulator:Replicas is {options.Replicas}; set it between 1 and {MaxReplicas} (e.g. --Simulator:Replicas=3).");
        }
        else if (options.MaxReplicas < options.Replicas || options.MaxReplicas > MaxReplicas)
        {
            problems.Add($"Simulator:Replicas:Max is '{options.MaxReplicasSetting}'; set it between Simulator:Replicas ({options.Replicas}) and {MaxReplicas}, or leave it unset for twice Replicas (e.g. --Simulator:Replicas:Max=6).");
        }

        if (options.Instance is { Length: > 0 } instance && !DataVolumes.IsValidInstance(instance))
        {
            problems.Add($"Simulator:Instance is '{instance}'; give {DataVolumes.InstanceRules} (e.g. --Simulator:Instance=second).");
        }

        foreach (var (name, reference) in options.Images.All)
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                problems.Add($"Simulator:Images:{name} is empty; give an image reference such as name:tag, or remove the setting to use the catalog's.");
            }
        }

        if (appPath.Any(char.IsControl))
        {
            // A newline in the path would break the generated Dockerfile's lines and this message's one line.
            problems.Add($"Simulator:App:Path is '{Escaped(appPath)}', which contains a control character (a newline, tab or the like); give the app folder's path without them.");
        }
        else if (!File.Exists(Path.Combine(appPath, "package.json")))
        {
            problems.Add($"Simulator:App:Path is '{appPath}', which has no package.json; point it at a Sails app folder.");
        }
        else if (!File.Exists(Path.Combine(appPath, "Dockerfile")) && !File.Exists(Path.Combine(appPath, "app.js")))
        {
            problems.Add($"Simulator:App:Path is '{appPath}', which has neither a Dockerfile nor the app.js that `sails new` creates; the simulator's generated image runs app.js.");
        }

        if (options.App.Migrate is { Length: > 0 } migrate && !string.Equals(migrate, MigrationPlan.AlterSetting, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Simulator:App:Migrate is '{migrate}'; leave it unset (the app's own migrations) or set it to '{MigrationPlan.AlterSetting}' for a first run on an empty database.");
        }

        foreach (var (variable, value) in options.App.Environment)
        {
            problems.AddRange(TopologyReferences.Unknown(value ?? "").Select(reference => TopologyReferences.Problem(variable, reference)));
        }

        if (options.App.HealthPath is { Length: > 0 } healthPath && !ReplicaHealthCheck.IsPathOnTheReplica(healthPath))
        {
            problems.Add($"Simulator:App:HealthPath is '{healthPath}'; give a path on the replica that starts with a single '/', e.g. /readyz.");
        }

        if (options.App.UploadMaxBytes is < 1 or > MaxUploadBytes)
        {
            problems.Add($"Simulator:App:UploadMaxBytes is {options.App.UploadMaxBytes}; set a number of bytes between 1 and {MaxUploadBytes} (5 GiB, S3's largest single PUT).");
        }

        if (options.App.TraceSampleRatio is not (> 0 and <= 1))
        {
            problems.Add($"Simulator:App:TraceSampleRatio is {options.App.TraceSampleRatio.ToString(CultureInfo.InvariantCulture)}; set a share of the traces above 0 and at most 1 (e.g. --Simulator:App:TraceSampleRatio=0.1 exports one in ten).");
        }

        if (!S3BucketName.IsValid(options.App.Bucket))
        {
            problems.Add($"Simulator:App:Bucket is '{options.App.Bucket}'; an S3 bucket name is {S3BucketName.Rules} (e.g. uploads).");
        }

        CheckPort(problems, "Port", options.Proxy.Port, checkPort, "8081");
        CheckPort(problems, "HttpsPort", options.Proxy.HttpsPort, checkPort, "8444");
        if (options.Proxy.Port == options.Proxy.HttpsPort)
        {
            problems.Add($"Simulator:Proxy:Port and Simulator:Proxy:HttpsPort are both {options.Proxy.Port}; give the https port its own (e.g. --Simulator:Proxy:HttpsPort=8443).");
        }

        if (options.Proxy.CertificateFolder is { Length: > 0 } certificates && !Path.IsPathFullyQualified(certificates))
        {
            problems.Add($"Simulator:Proxy:CertificateFolder is '{certificates}'; give an absolute path outside any repository (the CA's key is kept there), or remove the setting to use {ProductCertificateAuthority.DefaultFolder}.");
        }

        return problems;
    }

    private static string Escaped(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static void CheckPort(List<string> problems, string setting, int port, bool checkFree, string example)
    {
        if (port is < 1 or > 65535)
        {
            problems.Add($"Simulator:Proxy:{setting} is {port}; set a TCP port between 1 and 65535.");
        }
        else if (checkFree && !IsFree(port))
        {
            problems.Add($"Simulator:Proxy:{setting} {port} is in use on 127.0.0.1; stop what uses it or choose another (e.g. --Simulator:Proxy:{setting}={example}).");
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>The settings' problems, one line each; the AppHost stops before anything starts.</summary>
public sealed class SimulatorOptionsException(IReadOnlyList<string> problems)
    : Exception("The simulator's configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
