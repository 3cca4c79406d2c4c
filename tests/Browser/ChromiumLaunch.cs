using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;

namespace Simulator.Tests.Browser;

/// <summary>
/// How the tests start Debian's chromium (installed by eng/browser.sh) through Playwright: never
/// Playwright's own browser download, and none of Chromium's calls to hosts outside this machine.
/// </summary>
public static class ChromiumLaunch
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Headless as root in a container or CI runner; background networking would try hosts that are closed here.</summary>
    private static readonly string[] OfflineHeadlessArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    public static BrowserTypeLaunchOptions OptionsFor(Uri origin, X509Certificate2? proxyCertificate) => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = [.. OfflineHeadlessArgs, .. ProxyTrust.ArgsFor(origin, proxyCertificate)],
    };
}
