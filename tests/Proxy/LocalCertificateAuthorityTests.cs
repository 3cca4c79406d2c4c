using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Simulator.AppHost.Tls;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Proxy;

/// <summary>The simulator's local CA: made once in its folder, keys private, the proxy's certificate kept current.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class LocalCertificateAuthorityTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("simulator-ca-test-");

    private string Folder => Path.Combine(_folder.FullName, "ca");

    [Fact]
    public void The_first_run_makes_a_CA_whose_proxy_certificate_names_localhost_and_127_0_0_1()
    {
        var prepared = LocalCertificateAuthority.Prepare(Folder);

        var authority = ProductCertificateAuthority.Load(prepared.AuthorityPath);
        using var proxy = X509Certificate2.CreateFromPem(prepared.CertificatePem, prepared.KeyPem);
        Assert.Equal(["127.0.0.1", "localhost"], LocalCertificateAuthority.NamesOf(proxy).Order());
        Assert.True(authority.Trusts(proxy, SslPolicyErrors.RemoteCertificateChainErrors), "the proxy's certificate does not chain to the CA");
        Assert.True(proxy.NotAfter < authority.Certificate.NotAfter);
        Assert.Equal(authority.Certificate.GetCertHashString(HashAlgorithmName.SHA256), prepared.AuthorityFingerprint);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Keys_are_readable_by_the_user_alone()
    {
        LocalCertificateAuthority.Prepare(Folder);

        var keys = Directory.GetFiles(Folder, "*.key");
        Assert.Equal(2, keys.Length);
        Assert.All(keys, key => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Folder));
    }

    [Fact]
    public void Later_runs_keep_the_CA_and_a_current_proxy_certificate()
    {
        var first = LocalCertificateAuthority.Prepare(Folder);
        var second = LocalCertificateAuthority.Prepare(Folder);

        Assert.Equal(first.AuthorityFingerprint, second.AuthorityFingerprint);
        Assert.Equal(first.CertificatePem, second.CertificatePem);
    }

    [Theory]
    [InlineData("other-names")]
    [InlineData("near-expiry")]
    [InlineData("other-CA")]
    public void A_proxy_certificate_that_names_other_hosts_nears_expiry_or_comes_from_another_CA_is_issued_again(string flaw)
    {
        var first = LocalCertificateAuthority.Prepare(Folder);
        var (names, lifetime, issuerFolder) = flaw switch
        {
            "other-names" => (new[] { "localhost" }, TimeSpan.FromDays(300), Folder),
            "near-expiry" => (new[] { "localhost", "127.0.0.1" }, TimeSpan.FromDays(2), Folder),
            _ => (new[] { "localhost", "127.0.0.1" }, TimeSpan.FromDays(300), Path.Combine(_folder.FullName, "other")),
        };
        ReplaceProxyCertificate(issuerFolder, names, lifetime);

        var again = LocalCertificateAuthority.Prepare(Folder);

        Assert.Equal(first.AuthorityFingerprint, again.AuthorityFingerprint);
        using var proxy = X509Certificate2.CreateFromPem(again.CertificatePem, again.KeyPem);
        Assert.Equal(["127.0.0.1", "localhost"], LocalCertificateAuthority.NamesOf(proxy).Order());
        Assert.True(proxy.NotAfter - DateTime.Now > TimeSpan.FromDays(300));
        Assert.True(ProductCertificateAuthority.Load(again.AuthorityPath).Trusts(proxy, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_client_trusting_the_CA_refuses_a_certificate_from_another_CA_and_a_name_mismatch()
    {
        var ours = LocalCertificateAuthority.Prepare(Folder);
        var theirs = LocalCertificateAuthority.Prepare(Path.Combine(_folder.FullName, "other"));
        var authority = ProductCertificateAuthority.Load(ours.AuthorityPath);

        using var foreign = X509Certificate2.CreateFromPem(theirs.CertificatePem);
        using var own = X509Certificate2.CreateFromPem(ours.CertificatePem);
        Assert.False(authority.Trusts(foreign, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(authority.Trusts(own, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(authority.Trusts(null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    /// <summary>Writes a proxy certificate into the CA folder, issued by the CA of <paramref name="issuerFolder"/>.</summary>
    private void ReplaceProxyCertificate(string issuerFolder, string[] names, TimeSpan lifetime)
    {
        LocalCertificateAuthority.Prepare(issuerFolder);
        using var issuer = X509Certificate2.CreateFromPemFile(Path.Combine(issuerFolder, "ca.crt"), Path.Combine(issuerFolder, "ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(LocalCertificateAuthority.SubjectAlternativeNames(names));
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.Add(lifetime), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(Folder, "proxy.crt"), issued.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Folder, "proxy.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
