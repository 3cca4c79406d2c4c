using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class DatabaseTests(TopologyFixture topology)
{
    [Fact]
    public async Task Data_survives_a_restart_of_every_replica_and_the_schema_is_the_migrations_alone()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri, topology.Authority);
            var text = $"kept across restarts {Guid.NewGuid():N}";
            using (await user.PostAsync("/api/messages", new { text }, HttpStatusCode.Created)) { }

            await using var database = new NpgsqlConnection(BackingServicesTests.WithHangLimit((await topology.App.GetConnectionStringAsync("appdb"))!));
            await database.OpenAsync();
            var migrations = await QueryAsync(database, "select name from pgmigrations order by run_on");
            Assert.NotEmpty(migrations);
            var schemaBefore = await SchemaAsync(database);

            foreach (var replica in TopologyFixture.ReplicaNames)
            {
                await topology.RestartAsync(replica);
            }

            await Bounded.EventuallyAsync(Bounded.HangLimit, "the message being listed after the restarts", async () =>
            {
                using var list = await user.GetAsync("/api/messages");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                var messages = await list.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Contains(messages.EnumerateArray(), m => m.GetProperty("text").GetString() == text);
            });
            Assert.Equal(schemaBefore, await SchemaAsync(database));
            Assert.Equal(migrations, await QueryAsync(database, "select name from pgmigrations order by run_on"));
        });
    }

    /// <summary>Every table and column with its type: what a replica altering the schema would change.</summary>
    private static Task<List<string>> SchemaAsync(NpgsqlConnection database) => QueryAsync(database, """
        select table_name || '.' || column_name || ':' || data_type from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position
        """);

    private static async Task<List<string>> QueryAsync(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
