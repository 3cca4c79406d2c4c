using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

public static class ObjectStoreBuilderExtensions
{
    /// <summary>
    /// Adds an S3 object store speaking MinIO's contract (<see cref="ObjectStoreResource"/>), its keys
    /// generated once and kept in the AppHost's user secrets. Healthy when the server is live; a
    /// bucket asked for with <see cref="WithBucket"/> is created once it is, and WaitFor on the store
    /// returns only after that.
    /// </summary>
    public static IResourceBuilder<ObjectStoreResource> AddObjectStore(this IDistributedApplicationBuilder builder, string name)
    {
        var accessKey = builder.AddParameter($"{name}-access-key", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
        var secretKey = builder.AddParameter($"{name}-secret-key", new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true, persist: true);

        return builder.AddResource(new ObjectStoreResource(name, accessKey.Resource, secretKey.Resource))
            .WithImage(ContainerImages.ObjectStore.Upstream!)
            .WithArgs("server", ObjectStoreResource.DataPath)
            .WithEnvironment("MINIO_ROOT_USER", accessKey)
            .WithEnvironment("MINIO_ROOT_PASSWORD", secretKey)
            .WithHttpEndpoint(targetPort: ObjectStoreResource.ApiPort, name: ObjectStoreResource.PrimaryEndpointName)
            .WithHttpHealthCheck(ObjectStoreResource.LivenessPath, endpointName: ObjectStoreResource.PrimaryEndpointName)
            // Aspire's WaitFor waits for the handlers of this event too, so a dependant starts only once the bucket exists.
            .OnResourceReady(CreateBucketAsync);
    }

    /// <summary>Keeps the store's data in a named volume, which outlives runs.</summary>
    public static IResourceBuilder<ObjectStoreResource> WithDataVolume(this IResourceBuilder<ObjectStoreResource> store, string? name = null) =>
        store.WithVolume(name ?? VolumeNameGenerator.Generate(store, "data"), ObjectStoreResource.DataPath);

    /// <summary>
    /// The bucket the connection string names, created once the store is up. It answers path-style
    /// and also as &lt;bucket&gt;.&lt;store&gt;.dev.internal, the virtual-host name that S3 clients
    /// without a path-style option (aws-sdk v2 in skipper-s3) use: a network alias, and MINIO_DOMAIN.
    /// </summary>
    public static IResourceBuilder<ObjectStoreResource> WithBucket(this IResourceBuilder<ObjectStoreResource> store, string bucket)
    {
        store.Resource.BucketName = bucket;
        var domain = ObjectStoreResource.ContainerNetworkHost(store.Resource.Name);
        return store
            .WithContainerNetworkAlias($"{bucket}.{domain}")
            .WithEnvironment("MINIO_DOMAIN", domain);
    }

    private static async Task CreateBucketAsync(ObjectStoreResource store, ResourceReadyEvent ready, CancellationToken cancellationToken)
    {
        if (store.BucketName is not { } bucket)
        {
            return;
        }

        var log = ready.Services.GetRequiredService<ResourceLoggerService>().GetLogger(store);
        var connectionString = await ((IResourceWithConnectionString)store).GetConnectionStringAsync(cancellationToken)
            ?? throw new DistributedApplicationException($"the object store '{store.Name}' is ready but has no connection string");
        using var s3 = ObjectStoreConnectionString.Parse(connectionString).CreateS3Client();
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
            log.LogInformation("simulator: bucket '{Bucket}' created", bucket);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            log.LogInformation("simulator: bucket '{Bucket}' exists", bucket);
        }
    }
}
