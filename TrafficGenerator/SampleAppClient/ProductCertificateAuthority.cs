using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Simulator.SampleAppClient;

/// <summary>
/// The simulator's local certificate authority, as its clients see it: the one root that the
/// proxy's certificate must chain to. Every client of the product (tests, traffic generator, load
/// report, dashboard commands) trusts it explicitly here; none disables validation, and none
/// trusts it through the machine's store.
/// </summary>
public sealed class ProductCertificateAuthority
{
    /// <summary>The CA's certificate (PEM) in its folder; its key lies beside it and never leaves the AppHost.</summary>
    public const string CertificateFileName = "ca.crt";

    private ProductCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Where the simulator keeps its CA unless Simulator:Proxy:CertificateFolder says otherwise:
    /// the user's data folder (<see cref="ProductDataFolder"/>), outside any repository.
    /// </summary>
    public static string DefaultFolder => Path.Combine(ProductDataFolder.Root, "ca");

    public static string DefaultCertificatePath => Path.Combine(DefaultFolder, CertificateFileName);

    /// <summary>Reads the CA's certificate from a PEM file; throws when it is missing or not a certificate.</summary>
    public static ProductCertificateAuthority Load(string certificatePath) =>
        new(X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath)));

    public static ProductCertificateAuthority From(X509Certificate2 certificate) => new(certificate);

    /// <summary>
    /// True when the server's certificate names the host asked for and chains to this CA alone
    /// (the machine's roots are not consulted).
    /// </summary>
    public bool Trusts(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        // A local CA publishes no revocation list.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }

    public RemoteCertificateValidationCallback ValidationCallback => (_, certificate, _, errors) => Trusts(certificate, errors);

    /// <summary>A handler that keeps no cookies (each session keeps its own) and trusts this CA.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidationCallback },
    };
}
