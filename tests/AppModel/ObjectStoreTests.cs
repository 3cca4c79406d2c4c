using Aspire.Hosting.ApplicationModel;
using Simulator.AppHost;

namespace Simulator.Tests.AppModel;

/// <summary>The object store as a resource: its connection string, its health check, its bucket; no engine needed.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class ObjectStoreTests
{
    [Fact]
    public async Task The_store_offers_its_endpoint_keys_and_bucket_as_one_connection_string()
    {
        await using var model = await AppModel.BuildAsync();

        var storage = Assert.IsType<ObjectStoreResource>(model["storage"]);
        Assert.Equal(
            "Endpoint={storage.bindings.http.scheme}://{storage.bindings.http.host}:{storage.bindings.http.port};" +
            "AccessKey={storage-access-key.value};SecretKey={storage-secret-key.value};Bucket=uploads",
            storage.ConnectionStringExpression.ValueExpression);
        Assert.Equal("uploads", storage.BucketName);
    }

    [Fact]
    public void The_connection_string_reads_back_into_its_parts()
    {
        var parsed = ObjectStoreConnectionString.Parse("Endpoint=http://localhost:9000;AccessKey=ak1;SecretKey=sk2;Bucket=uploads");

        Assert.Equal(new ObjectStoreConnectionString(new Uri("http://localhost:9000"), "ak1", "sk2", "uploads"), parsed);
        Assert.Null(ObjectStoreConnectionString.Parse("Endpoint=http://storage:9000;AccessKey=a;SecretKey=b").Bucket);
        Assert.Throws<FormatException>(() => ObjectStoreConnectionString.Parse("Endpoint=http://storage:9000;AccessKey=a"));
    }
}
