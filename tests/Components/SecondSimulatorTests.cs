using Aspire.Hosting.Testing;
using DotNet.Testcontainers.Builders;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Components;

/// <summary>
/// A simulator started while another one's containers use its data volumes (same Simulator:Instance,
/// other ports) stops before anything starts and names those containers and the fix.
/// </summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class SecondSimulatorTests
{
    [Fact]
    public async Task A_start_on_data_volumes_in_use_is_refused_naming_the_running_containers()
    {
        var instance = $"t{Guid.NewGuid():N}"[..12];
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        // The first simulator's Redis, as far as the second one can tell: a running container on its volume.
        await using var volume = new VolumeBuilder().WithName($"sails-simulator-{instance}-redis-data").Build();
        await volume.CreateAsync(timeout.Token);
        await using var firstRedis = new ContainerBuilder(TestImages.Redis)
            .WithVolumeMount(volume, "/data")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Ready to accept connections"))
            .Build();
        await firstRedis.StartAsync(timeout.Token);

        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Simulator:Instance={instance}", $"--Simulator:Proxy:Port={LoopbackPort.Free()}"], timeout.Token);
        await using var second = await builder.BuildAsync(timeout.Token);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => second.StartAsync(timeout.Token));

        var message = string.Join(" | ", Flatten(refused));
        Assert.Contains($"are in use by the running containers {firstRedis.Name.TrimStart('/')}: another simulator runs on this machine", message);
        Assert.Contains("--Simulator:Instance=NAME", message);
    }

    private static IEnumerable<string> Flatten(Exception e) =>
        e is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.SelectMany(Flatten)
        : e.InnerException is null ? [e.Message] : [e.Message, .. Flatten(e.InnerException)];
}
