using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Simulator.SampleAppClient;

namespace Simulator.AppHost.Tls;

/// <summary>The proxy's certificate and key (PEM), and the CA that issued it.</summary>
public sealed record ProxyCertificate(string CertificatePem, string KeyPem, string AuthorityPath, string AuthorityFingerprint);

/// <summary>
/// The simulator's own certificate authority, kept in the user's data folder (never in a
/// repository): created once, then reused, so a browser that trusts it keeps trusting the proxy.
/// It issues the proxy's certificate for the names the proxy is reached by, and issues it again
/// when it nears expiry, names other hosts, or was issued by another CA.
/// </summary>
public static class LocalCertificateAuthority
{
    public static readonly string[] ProxyNames = ["localhost", "127.0.0.1"];

    private const string AuthorityKeyFile = "ca.key";
    private const string ProxyCertificateFile = "proxy.crt";
    private const string ProxyKeyFile = "proxy.key";
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(5 * 365);
    private static readonly TimeSpan ProxyLifetime = TimeSpan.FromDays(397);
    // Issued again this long before it expires, so a run never starts with a certificate that lapses mid-run.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>The CA (created when the folder has none) and a current certificate for the proxy.</summary>
    public static ProxyCertificate Prepare(string folder)
    {
        CreatePrivateFolder(folder);
        using var authority = LoadOrCreateAuthority(folder);
        using var proxy = LoadCurrentProxyCertificate(folder, authority) ?? IssueProxyCertificate(folder, authority);
        return new ProxyCertificate(
            proxy.ExportCertificatePem(),
            File.ReadAllText(Path.Combine(folder, ProxyKeyFile)),
            Path.Combine(folder, ProductCertificateAuthority.CertificateFileName),
            authority.GetCertHashString(HashAlgorithmName.SHA256));
    }

    private static X509Certificate2 LoadOrCreateAuthority(string folder)
    {
        var certificatePath = Path.Combine(folder, ProductCertificateAuthority.CertificateFileName);
        var keyPath = Path.Combine(folder, AuthorityKeyFile);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            $"CN=Sails production simulator local CA ({Environment.UserName}@{Environment.MachineName}), O=Sails production simulator",
            key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        var authority = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(AuthorityLifetime));

        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
        WritePublic(certificatePath, authority.ExportCertificatePem());
        return authority;
    }

    /// <summary>The proxy's certificate on disk when it is still good for this run, else null.</summary>
    private static X509Certificate2? LoadCurrentProxyCertificate(string folder, X509Certificate2 authority)
    {
        var certificatePath = Path.Combine(folder, ProxyCertificateFile);
        var keyPath = Path.Combine(folder, ProxyKeyFile);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return null;
        }

        var proxy = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var current = proxy.NotAfter.ToUniversalTime() - DateTime.UtcNow > RenewBefore
            && IssuedBy(proxy, authority)
            && NamesOf(proxy).SetEquals(ProxyNames);
        if (current)
        {
            return proxy;
        }

        proxy.Dispose();
        return null;
    }

    private static X509Certificate2 IssueProxyCertificate(string folder, X509Certificate2 authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Sails production simulator", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(SubjectAlternativeNames(ProxyNames));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.Add(ProxyLifetime) < authority.NotAfter ? now.Add(ProxyLifetime) : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));

        WritePrivate(Path.Combine(folder, ProxyKeyFile), key.ExportPkcs8PrivateKeyPem());
        WritePublic(Path.Combine(folder, ProxyCertificateFile), issued.ExportCertificatePem());
        return issued.CopyWithPrivateKey(key);
    }

    private static bool IssuedBy(X509Certificate2 proxy, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(proxy);
    }

    /// <summary>A certificate's names: IP addresses as such, the others as DNS names.</summary>
    public static X509Extension SubjectAlternativeNames(IEnumerable<string> names)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }

        return builder.Build();
    }

    /// <summary>The DNS names and IP addresses a certificate is for.</summary>
    public static HashSet<string> NamesOf(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static void CreatePrivateFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>A key: readable by the user alone, written whole or not at all.</summary>
    private static void WritePrivate(string path, string pem) =>
        WriteWhole(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    private static void WritePublic(string path, string pem) =>
        WriteWhole(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    private static void WriteWhole(string path, string contents, UnixFileMode mode)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(contents);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
