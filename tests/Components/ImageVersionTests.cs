using System.Text.RegularExpressions;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using Simulator.AppHost;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Components;

/// <summary>
/// The images the simulator runs here (offline set or upstream) report the major version the catalog
/// names, so the stack under test is the stack users run.
/// </summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class ImageVersionTests
{
    public static TheoryData<string, string, string[], string> Runtimes => new()
    {
        { "Postgres", TestImages.Postgres, ["postgres", "--version"], @"PostgreSQL\) (\S+)" },
        { "Redis", TestImages.Redis, ["redis-server", "--version"], @"v=(\S+)" },
        { "Nginx", TestImages.Nginx, ["nginx", "-v"], @"nginx/(\S+)" },
        { "Node", TestImages.Node, ["node", "--version"], @"v(\S+)" },
    };

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task The_image_reports_the_catalogs_major(string name, string image, string[] command, string versionPattern)
    {
        // One shot: the command prints its version and exits, which is no failed start.
        await using var container = new ContainerBuilder(image).WithEntrypoint(command)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged(new Regex(versionPattern), wait => wait.WithMode(WaitStrategyMode.OneShot)))
            .Build();
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        await container.StartAsync(timeout.Token);
        Assert.Equal(0, await container.GetExitCodeAsync(timeout.Token));
        var (stdout, stderr) = await container.GetLogsAsync(ct: timeout.Token);

        var version = Regex.Match(stdout + stderr, versionPattern).Groups[1].Value;
        var major = ContainerImages.Catalog[name].Offline.Split(':')[^1];
        Assert.Matches($@"^{Regex.Escape(major)}\.", version);
    }
}
