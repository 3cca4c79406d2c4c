using DotNet.Testcontainers.Builders;
using Simulator.Tests.Infrastructure;
using StackExchange.Redis;

namespace Simulator.Tests.Components;

[Trait(Tier.Trait, Tier.Components)]
public sealed class RedisImageTests
{
    [Fact]
    public async Task Redis_image_serves_authenticated_clients_and_refuses_others()
    {
        const string password = "component-test-password";
        await using var container = new ContainerBuilder(TestImages.Redis)
            .WithEntrypoint("/bin/sh")
            .WithCommand("-c", $"redis-server --requirepass {password}")
            .WithPortBinding(6379, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Ready to accept connections"))
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await container.StartAsync(timeout.Token);
        var endpoint = $"127.0.0.1:{container.GetMappedPublicPort(6379)}";

        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{endpoint},password={password}");
        var db = redis.GetDatabase();
        await db.StringSetAsync("greeting", "hello from the offline image");
        Assert.Equal("hello from the offline image", (string?)await db.StringGetAsync("greeting"));

        await using var anonymous = await ConnectionMultiplexer.ConnectAsync($"{endpoint},abortConnect=false,connectTimeout=2000");
        var refused = await Assert.ThrowsAnyAsync<RedisException>(() => anonymous.GetDatabase().PingAsync());
        Assert.Contains("NOAUTH", refused.ToString());
    }
}
