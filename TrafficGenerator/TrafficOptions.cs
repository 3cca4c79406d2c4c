using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Simulator.SampleAppClient;

namespace Simulator.TrafficGenerator;

/// <summary>What the virtual users do and how hard; bound from the "Traffic" configuration section.</summary>
public sealed class TrafficOptions
{
    public const string Section = "Traffic";

    /// <summary>The proxy: the app's public address. Sockets present its origin, the one the replicas accept.</summary>
    public string Url { get; set; } = "https://localhost:8443";

    /// <summary>
    /// The simulator's CA certificate (PEM): an https proxy's certificate must chain to it. The
    /// AppHost passes its own; the default is where the simulator keeps it for the user.
    /// </summary>
    public string CertificateAuthority { get; set; } = ProductCertificateAuthority.DefaultCertificatePath;

    /// <summary>Virtual users, each with its own account and session, each one request at a time.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Upper bound on requests per second across all users; 0 lets them go as fast as answers come.</summary>
    public double RatePerSecond { get; set; } = 20;

    /// <summary>Sockets held open, subscribed to new messages, counting what they receive.</summary>
    public int Sockets { get; set; } = 3;

    public int UploadBytes { get; set; } = 16 * 1024;

    public TrafficMix Mix { get; set; } = new();

    public Uri ProxyUri => new(Url);

    /// <summary>One line per problem, naming the setting, as the command line spells it.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"--url (Traffic:Url) '{Url}' is not an absolute http(s) URL such as https://localhost:8443";
        }
        else if (uri.Scheme == "https" && AuthorityProblem() is { } authority)
        {
            yield return authority;
        }

        if (Concurrency < 1)
        {
            yield return $"--concurrency (Traffic:Concurrency) must be at least 1 (got {Concurrency})";
        }

        if (RatePerSecond < 0)
        {
            yield return $"--rate (Traffic:RatePerSecond) must be 0 (unlimited) or a positive number of requests per second (got {RatePerSecond})";
        }

        if (Sockets < 0)
        {
            yield return $"--sockets (Traffic:Sockets) must be 0 or more (got {Sockets})";
        }

        if (UploadBytes < 1)
        {
            yield return $"Traffic:UploadBytes must be at least 1 (got {UploadBytes})";
        }

        if (Mix.Weights.Any(w => w.Weight < 0) || Mix.Weights.Sum(w => w.Weight) <= 0)
        {
            yield return "Traffic:Mix weights must be 0 or more, and at least one above 0";
        }
    }

    /// <summary>The CA an https proxy is trusted by; none for plain http, which has no certificate.</summary>
    public ProductCertificateAuthority? LoadAuthority() =>
        ProxyUri.Scheme == "https" ? ProductCertificateAuthority.Load(CertificateAuthority) : null;

    private string? AuthorityProblem()
    {
        if (!File.Exists(CertificateAuthority))
        {
            return $"--ca (Traffic:CertificateAuthority) '{CertificateAuthority}' does not exist; the simulator creates its CA there on its first run (dotnet run --project AppHost), or give the CA certificate's path";
        }

        try
        {
            using var certificate = ProductCertificateAuthority.Load(CertificateAuthority).Certificate;
            return null;
        }
        catch (CryptographicException e)
        {
            return $"--ca (Traffic:CertificateAuthority) '{CertificateAuthority}' is not a PEM certificate ({e.Message.TrimEnd('.')})";
        }
    }
}

/// <summary>Stops the "traffic" resource at start with the same lines the load report prints.</summary>
public sealed class TrafficOptionsValidator : IValidateOptions<TrafficOptions>
{
    public ValidateOptionsResult Validate(string? name, TrafficOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>Relative weights of what a virtual user does next.</summary>
public sealed class TrafficMix
{
    /// <summary>GET / then GET /api/messages, as a page view.</summary>
    public int Browse { get; set; } = 10;

    public int PostMessage { get; set; } = 4;

    public int Upload { get; set; } = 1;

    public int Download { get; set; } = 2;

    /// <summary>A new visitor: a fresh session that signs up and logs in.</summary>
    public int SignUp { get; set; } = 1;

    public IEnumerable<(UserAction Action, int Weight)> Weights =>
    [
        (UserAction.Browse, Browse), (UserAction.PostMessage, PostMessage), (UserAction.Upload, Upload),
        (UserAction.Download, Download), (UserAction.SignUp, SignUp),
    ];

    public UserAction Pick(Random random)
    {
        var roll = random.Next(Weights.Sum(w => w.Weight));
        foreach (var (action, weight) in Weights)
        {
            if (roll < weight)
            {
                return action;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("the mix has no positive weight");
    }
}

public enum UserAction
{
    Browse,
    PostMessage,
    Upload,
    Download,
    SignUp,
}
