using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Simulator.Tests.Browser;

/// <summary>
/// What the browser trusts at the topology's public origin. Plain http needs nothing. For https, the
/// browser trusts exactly the proxy's certificate (its public key pinned with Chromium's
/// --ignore-certificate-errors-spki-list), never certificate errors in general.
/// </summary>
public static class ProxyTrust
{
    /// <summary>
    /// Extra launch arguments for an origin: none for http; for https, the pin of the proxy's
    /// certificate as the topology hands it out (the one the product's CA signed).
    /// </summary>
    public static IReadOnlyList<string> ArgsFor(Uri origin, X509Certificate2? proxyCertificate)
    {
        if (origin.Scheme == Uri.UriSchemeHttp)
        {
            return [];
        }

        if (proxyCertificate is null)
        {
            throw new ArgumentException($"{origin} is https: pass the proxy's certificate, so that the browser trusts it and nothing else", nameof(proxyCertificate));
        }

        return [$"--ignore-certificate-errors-spki-list={SpkiPin(proxyCertificate)}"];
    }

    /// <summary>The base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium expects it.</summary>
    public static string SpkiPin(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
}
