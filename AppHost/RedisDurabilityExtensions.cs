namespace Simulator.AppHost;

public static class RedisDurabilityExtensions
{
    /// <summary>
    /// Sessions survive a Redis restart, and a stop is immediate. Aspire runs redis-server under
    /// `/bin/sh -c`, so the shell is PID 1 and Redis never receives SIGTERM: it cannot save at
    /// shutdown, and the engine waits out its stop timeout. The append-only file, synced on every
    /// write, loses nothing when Redis is killed; an init process ends the container at once.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithSessionDurability(this IResourceBuilder<RedisResource> redis) =>
        redis.WithPersistence(TimeSpan.FromSeconds(60))
            .WithArgs("--appendonly", "yes", "--appendfsync", "always")
            .WithContainerRuntimeArgs("--init");
}
