namespace Simulator.AppHost;

public static class RedisDurabilityExtensions
{
    /// <summary>
    /// Sessions survive a Redis restart. Aspire runs redis-server under `/bin/sh -c`, so the shell
    /// is PID 1, Redis never receives SIGTERM and cannot save at shutdown: snapshots alone would
    /// lose the last seconds. The append-only file, synced on every write, loses nothing.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithSessionDurability(this IResourceBuilder<RedisResource> redis) =>
        redis.WithPersistence(TimeSpan.FromSeconds(60))
            .WithArgs("--appendonly", "yes", "--appendfsync", "always");
}
