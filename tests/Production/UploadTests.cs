using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Simulator.AppHost;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class UploadTests(TopologyFixture topology)
{
    private const long UploadLimit = 10 * 1024 * 1024;

    [Fact]
    public async Task An_upload_downloads_as_the_same_bytes_from_every_replica_and_is_in_the_bucket()
    {
        await topology.WaitUntilHealthyAsync();
        var upload = await ReplicaBehaviours.UploadDownloadsFromEveryReplicaAsync(topology.ProxyUri, topology.Authority, TopologyFixture.ReplicaNames);
        var sha256 = upload.GetProperty("sha256").GetString();

        var storage = await StorageAsync();
        using var s3 = storage.CreateS3Client();
        using var stored = await s3.GetObjectAsync(storage.Bucket, upload.GetProperty("key").GetString());
        using var storedBytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(storedBytes);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(storedBytes.ToArray())));
    }

    [Fact]
    public async Task An_upload_over_the_limit_gets_413_and_leaves_no_object_behind()
    {
        await topology.WaitUntilHealthyAsync();
        using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri, topology.Authority);
        var storage = await StorageAsync();
        using var s3 = storage.CreateS3Client();
        var before = await ObjectKeysAsync(s3, storage.Bucket!);

        // Just over the app's limit, so the app (not only the proxy) has to refuse it.
        using var refused = await user.UploadAsync(RandomNumberGenerator.GetBytes((int)UploadLimit + 1024), "too-big.bin", "application/octet-stream");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);

        Assert.Equal(before.Order(), (await ObjectKeysAsync(s3, storage.Bucket!)).Order());
    }

    /// <summary>The store as the replicas see it: through its connection string.</summary>
    private async Task<ObjectStoreConnectionString> StorageAsync() =>
        ObjectStoreConnectionString.Parse(await topology.App.GetConnectionStringAsync("storage")
            ?? throw new InvalidOperationException("the storage resource has no connection string"));

    private static async Task<List<string>> ObjectKeysAsync(AmazonS3Client s3, string bucket) =>
        ((await s3.ListObjectsV2Async(new() { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key).ToList();
}
