using System.Net;
using System.Net.Sockets;
using System.Text;
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
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        await container.StartAsync(timeout.Token);
        var port = container.GetMappedPublicPort(6379);
        // The client's own timeouts as outer bounds only: a loaded machine answers slower, never wrong.
        var hangLimit = (int)Bounded.HangLimit.TotalMilliseconds;

        await using var redis = await ConnectionMultiplexer.ConnectAsync(
            $"127.0.0.1:{port},password={password},connectTimeout={hangLimit},asyncTimeout={hangLimit}");
        var db = redis.GetDatabase();
        await db.StringSetAsync("greeting", "hello from the offline image");
        Assert.Equal("hello from the offline image", (string?)await db.StringGetAsync("greeting"));

        // What an anonymous client is told, read off the wire: no client library's connect heuristics in between.
        Assert.StartsWith("-NOAUTH", await AnonymousReplyAsync(port, "PING", timeout.Token));
    }

    private static async Task<string> AnonymousReplyAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(cancellationToken) ?? "(connection closed)";
    }
}
