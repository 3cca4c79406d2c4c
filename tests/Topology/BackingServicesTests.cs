using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Simulator.Tests.Topology;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class BackingServicesTests(TopologyFixture topology)
{
    private static readonly TimeSpan HealthyWithin = Bounded.HangLimit;

    [Fact]
    public async Task Postgres_is_healthy_and_answers_sql_through_the_connection_string_Aspire_hands_out()
    {
        await Bounded.WithinAsync(HealthyWithin, "postgres becoming Healthy",
            token => topology.App.ResourceNotifications.WaitForResourceHealthyAsync("appdb", token));
        var connectionString = await topology.App.GetConnectionStringAsync("appdb");

        await using var connection = new NpgsqlConnection(WithHangLimit(connectionString!));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select current_database(), 6 * 7", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("appdb", reader.GetString(0));
        Assert.Equal(42, reader.GetInt32(1));
    }

    [Fact]
    public async Task Redis_is_healthy_and_answers_ping_through_the_connection_string_Aspire_hands_out()
    {
        await Bounded.WithinAsync(HealthyWithin, "redis becoming Healthy",
            token => topology.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", token));
        var connectionString = await topology.App.GetConnectionStringAsync("redis");

        var hangLimit = (int)Bounded.HangLimit.TotalMilliseconds;
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{connectionString},connectTimeout={hangLimit},asyncTimeout={hangLimit}");
        var answer = await redis.GetDatabase().ExecuteAsync("PING");
        Assert.Equal("PONG", answer.ToString());
    }

    /// <summary>Npgsql's connect and command timeouts as outer bounds only (its defaults, 15 and 30 s, can run out on a busy machine).</summary>
    public static string WithHangLimit(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Timeout = (int)Bounded.HangLimit.TotalSeconds,
        CommandTimeout = (int)Bounded.HangLimit.TotalSeconds,
    }.ConnectionString;
}
